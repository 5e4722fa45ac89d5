import Foundation

/// A linear scale from data values to chart units, with round tick values.
struct LinearScale {
    let domain: (Double, Double)
    let range: (Double, Double)

    func callAsFunction(_ v: Double) -> Double {
        let span = domain.1 - domain.0
        guard span != 0 else { return range.0 }
        return range.0 + (v - domain.0) / span * (range.1 - range.0)
    }

    /// Round ticks across the domain, about `count` of them (1, 2, 2.5 or 5 × a power of ten apart).
    func ticks(_ count: Int = 5) -> [Double] {
        let step = Self.niceStep((domain.1 - domain.0) / Double(max(1, count)))
        guard step > 0 else { return [domain.0] }
        var ticks: [Double] = []
        var k = (domain.0 / step).rounded(.up)
        while k * step <= domain.1 + step * 1e-9 {
            ticks.append(k * step)
            k += 1
        }
        return ticks
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 0 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * power >= raw - 1e-12 { return m * power }
        return 10 * power
    }

    /// The smallest round number at or above `v` (for a domain's upper end).
    static func niceCeiling(_ v: Double) -> Double {
        guard v > 0, v.isFinite else { return 1 }
        let step = niceStep(v / 5)
        return (v / step - 1e-9).rounded(.up) * step
    }
}

extension SVGCanvas {
    /// A horizontal value axis at `y` with ticks, grid lines up to `top`, and a title below it.
    mutating func valueAxis(_ scale: LinearScale, y: Double, top: Double, title: String, decimals: Int,
                            scaleLabel: Double = 1, suffix: String = "") {
        group(className: "axis x-axis")
        line(x1: scale.range.0, y1: y, x2: scale.range.1, y2: y, stroke: "#444")
        for t in scale.ticks() {
            let x = scale(t)
            line(x1: x, y1: top, x2: x, y2: y, stroke: "#ddd", width: 0.5)
            line(x1: x, y1: y, x2: x, y2: y + 4, stroke: "#444")
            text(Markup.number(t * scaleLabel, decimals) + suffix, x: x, y: y + 16, anchor: .middle, size: 11)
        }
        text(title, x: (scale.range.0 + scale.range.1) / 2, y: y + 34, anchor: .middle, size: 12, className: "axis-title")
        endGroup()
    }

    /// A title for the category axis, written vertically at the left.
    mutating func categoryAxisTitle(_ title: String, x: Double, top: Double, bottom: Double) {
        text(title, x: x, y: (top + bottom) / 2, anchor: .middle, size: 12, className: "axis-title", rotate: -90)
    }
}
