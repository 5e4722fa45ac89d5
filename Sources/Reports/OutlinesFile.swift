import Foundation
import FairPlacesCore

/// `outlines.csv`: the shapes a report draws on its maps, in km on the British National Grid (or
/// the scenario's own grid), one row per ring or line:
///
/// - `catchment`: each catchment as the scenario gives it, once however many schools share it
///   (`schools` lists their ids, `;`-separated, and `name` their names). A polygon or GeoJSON
///   MultiPolygon is written part by part (`part` from 1), each part's `outer` ring then its
///   `hole`s. A catchment of small areas is drawn as the `line`s where its areas' Voronoi cells
///   (around each area's centroid) meet other areas' (`VoronoiBoundaries`): an approximation, as
///   the areas' own boundaries are not in the data.
/// - `authority`: where the region's own authorities meet other authorities (`name`: the region's
///   authority, `neighbour`: the other), as `line`s between the Voronoi cells of the two
///   authorities' small-area centroids, the region's and its neighbours' within
///   `outlineReach` km: England's published files carry no authority boundaries, so this is the
///   line halfway between the two authorities' nearest neighbourhoods. Coasts and the far edge of
///   the data are not drawn.
///
/// Points are `x y` pairs, `;`-separated, to four decimals (0.1 m). Written with the map when a
/// report is asked for, since only the report draws it.
public enum OutlinesFile {
    /// The file name.
    public static let fileName = "outlines.csv"
    /// How far from an area's centroid its Voronoi cell is drawn, km: lines between areas further
    /// apart than twice this are not drawn, nor lines further than this out to sea.
    public static let outlineReach = 4.0

    /// The file's contents for `region`.
    public static func csv(_ region: Region) -> String {
        var lines = ["kind,name,neighbour,schools,part,ring,points"]
        func points(_ ring: [Point]) -> String {
            ring.map { String(format: "%.4f %.4f", $0.x, $0.y) }.joined(separator: ";")
        }
        func row(_ kind: String, _ name: String, _ neighbour: String, _ schools: String, _ part: Int, _ ring: String, _ ring_: [Point]) {
            lines.append([kind, NumberFormat.csv(name), NumberFormat.csv(neighbour), NumberFormat.csv(schools), String(part), ring,
                          points(ring_)].joined(separator: ","))
        }

        // Catchments, once each, in the order of the first school holding them.
        var shapes: [(catchment: Catchment, schools: [Int])] = []
        for (s, school) in region.schools.enumerated() {
            guard let c = school.arrangements.catchment else { continue }
            if let k = shapes.firstIndex(where: { $0.catchment == c }) { shapes[k].schools.append(s) } else { shapes.append((c, [s])) }
        }
        for (catchment, members) in shapes {
            let name = members.map { region.schools[$0].name }.joined(separator: "; ")
            let ids = members.map { region.schools[$0].id }.joined(separator: ";")
            let parts: [Polygon]
            switch catchment {
            case .polygon(let p): parts = [p]
            case .multiPolygon(let m): parts = m.parts
            case .areas(let list):
                let inside = Set(list)
                let drawn = VoronoiBoundaries.lines(points: region.areas.map(\.centroid),
                                                    labels: region.areas.indices.map { inside.contains(Int32($0)) ? 1 : 0 },
                                                    reach: outlineReach) { _, _ in true }
                for (k, line) in drawn.enumerated() { row("catchment", name, "", ids, k + 1, "line", line.points) }
                continue
            }
            for (k, part) in parts.enumerated() {
                row("catchment", name, "", ids, k + 1, "outer", part.vertices)
                for hole in part.holes { row("catchment", name, "", ids, k + 1, "hole", hole) }
            }
        }

        // Authorities.
        if !region.ownAuthorities.isEmpty {
            let sites = region.areas + region.outlineSites
            let names = Array(Set(sites.map(\.authority) + region.ownAuthorities)).sorted()
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            let own = Set(region.ownAuthorities.map { index[$0]! })
            let drawn = VoronoiBoundaries.lines(points: sites.map(\.centroid), labels: sites.map { index[$0.authority]! },
                                                reach: outlineReach) { a, b in own.contains(a) || own.contains(b) }
            var part: [String: Int] = [:]
            for line in drawn {
                let (a, b) = line.labels
                let (mine, other) = own.contains(a) ? (names[a], names[b]) : (names[b], names[a])
                let key = mine + "\n" + other
                part[key, default: 0] += 1
                row("authority", mine, other, "", part[key]!, "line", line.points)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
