import FairPlacesCore
import Simulation

/// `map.csv`: where pupils live, binned into squares, with each square's deprivation and FSM count:
/// what a report draws its map from. Homes are binned rather than listed so that a county of
/// 18,000 pupils draws a few thousand squares (the report stays small and fast to open) and so that
/// no pupil's home can be read off a shared report.
public enum MapFile {
    /// The file name.
    public static let fileName = "map.csv"

    /// The most squares along the region's longer side.
    static let squaresAcross = 100.0

    /// One row per occupied square, south to north then west to east: its centre (km), side (km),
    /// pupils living there, FSM pupils among them, and the median of their IDACI deciles (lower median;
    /// 1 = most deprived 10% of areas in England).
    public static func csv(_ region: Region) -> String {
        let pupils = region.pupils
        var lines = ["x_km,y_km,cell_km,pupils,fsm,idaci_decile"]
        guard pupils.count > 0 else { return lines.joined(separator: "\n") + "\n" }
        let minX = pupils.homeX.min()!, maxX = pupils.homeX.max()!
        let minY = pupils.homeY.min()!, maxY = pupils.homeY.max()!
        let side = cellSide(extent: max(maxX - minX, maxY - minY))
        let x0 = (minX / side).rounded(.down), y0 = (minY / side).rounded(.down)
        let columns = Int((maxX / side).rounded(.down) - x0) + 1
        let rows = Int((maxY / side).rounded(.down) - y0) + 1
        // Per square: pupils, FSM pupils, and pupils by decile (for the median), in flat arrays.
        var count = [Int](repeating: 0, count: columns * rows), fsm = count
        var deciles = [Int](repeating: 0, count: columns * rows * 10)
        for i in 0..<pupils.count {
            let c = min(columns - 1, Int((pupils.homeX[i] / side).rounded(.down) - x0))
            let r = min(rows - 1, Int((pupils.homeY[i] / side).rounded(.down) - y0))
            let cell = r * columns + c
            count[cell] += 1
            if pupils.fsm[i] { fsm[cell] += 1 }
            deciles[cell * 10 + min(9, max(0, Int(pupils.idaciDecile[i]) - 1))] += 1
        }
        for r in 0..<rows {
            for c in 0..<columns where count[r * columns + c] > 0 {
                let cell = r * columns + c
                var seen = 0, median = 10
                for d in 0..<10 {
                    seen += deciles[cell * 10 + d]
                    if 2 * seen >= count[cell] { median = d + 1; break }
                }
                lines.append([NumberFormat.exact((x0 + Double(c) + 0.5) * side), NumberFormat.exact((y0 + Double(r) + 0.5) * side),
                              NumberFormat.exact(side), String(count[cell]), String(fsm[cell]), String(median)]
                    .joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The smallest round side (1, 2, 2.5 or 5 × a power of ten km) giving at most `squaresAcross` squares.
    static func cellSide(extent: Double) -> Double {
        let target = max(extent, 0.001) / squaresAcross
        var scale = 0.001
        while true {
            for step in [1.0, 2.0, 2.5, 5.0] where step * scale >= target { return step * scale }
            scale *= 10
        }
    }
}
