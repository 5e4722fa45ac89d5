/// Colours readable by people with the common forms of colour blindness: viridis for ordered
/// quantities (perceptually uniform, legible in greyscale), a grey ramp for deprivation under the
/// schools, and Okabe and Ito's eight categorical colours.
enum Palette {
    /// Viridis at eleven evenly spaced stops (matplotlib's), interpolated linearly between them.
    static let viridisStops: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 36, 117), (65, 68, 135), (53, 95, 141), (42, 120, 142), (33, 145, 140),
        (34, 168, 132), (68, 191, 112), (122, 209, 81), (189, 223, 38), (253, 231, 37),
    ]

    /// Viridis at t in 0…1 (dark purple to yellow).
    static func viridis(_ t: Double) -> String {
        let t = min(1, max(0, t.isFinite ? t : 0)) * Double(viridisStops.count - 1)
        let i = min(viridisStops.count - 2, Int(t)), f = t - Double(i)
        let a = viridisStops[i], b = viridisStops[i + 1]
        return hex(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    /// Deprivation of homes by IDACI decile: decile 1 (most deprived) darkest, decile 10 palest.
    static func deprivation(decile: Int) -> String {
        let t = Double(min(10, max(1, decile)) - 1) / 9
        let v = 70 + (235 - 70) * t
        return hex(v, v + 2, v + 8)
    }

    /// Okabe–Ito: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
    static let okabeIto = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]
    static let orange = okabeIto[1], skyBlue = okabeIto[2], green = okabeIto[3], blue = okabeIto[5]
    static let vermillion = okabeIto[6], purple = okabeIto[7]

    /// A change that is good for families or fairness (a fall in segregation, a rise in first
    /// preferences), one that is bad, and one that is neither: blue against vermillion, which
    /// people with red–green colour blindness still tell apart. `MetricDirection` says which is which.
    static let good = blue, bad = vermillion, neutral = "#bbbbbb"

    /// A categorical colour for the i-th category (cycling after seven, black excluded).
    static func category(_ i: Int) -> String { okabeIto[1 + i % 7] }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        func byte(_ v: Double) -> String {
            let n = Int(min(255, max(0, v)).rounded())
            let digits = Array("0123456789abcdef")
            return String([digits[n / 16], digits[n % 16]])
        }
        return "#" + byte(r) + byte(g) + byte(b)
    }
}
