import Foundation
import FairPlacesCore
import Projection

/// `catchment: {file: catchments.geojson, feature: Patcham, property: catchment, crs: auto}`: a
/// catchment taken from a council's map, a GeoJSON FeatureCollection of Polygons and
/// MultiPolygons (holes included), in WGS 84 longitude/latitude or British National Grid metres,
/// turned into the region's km (British National Grid / 1000, as England's regions are laid out).
///
/// Features are matched by one property (`property`, default `name`); several features with the
/// same value form one catchment. `crs: auto` takes the file's `crs` member, else decides from
/// the coordinates (all within ±180, ±90: longitude/latitude; otherwise National Grid metres);
/// `km` reads coordinates already in the region's km (a map drawn for a synthetic region).
enum CatchmentMap {
    static let fields = ["file", "feature", "property", "crs"]

    enum Stated: String, CaseIterable { case auto, wgs84, bng, km }

    static func read(_ node: ScenarioNode, names: RegionNames?) throws -> Catchment {
        let r = try FieldReader(node, allowed: fields)
        let fileNode = try r.require("file")
        let featureNode = try r.require("feature")
        let feature = try featureNode.string()
        let property = try r.string("property", default: "name")
        let stated = try r.choice("crs", default: Stated.auto)
        let path = try ScenarioLoader.inputFile(fileNode, scenarioPath: "./scenario", what: "catchment map")
        let map = try GeoJSONFile.read(path: path, blame: fileNode)

        let matching = map.features.filter { $0.properties[property] == feature }
        if matching.isEmpty {
            let present = map.features.compactMap { $0.properties[property] }
            if present.isEmpty {
                let keys = Set(map.features.flatMap { $0.properties.keys }).sorted()
                throw (r["property"] ?? featureNode).error(
                    "no feature of '\(path)' has the property '\(property)'; its features have: \(keys.isEmpty ? "no properties" : keys.joined(separator: ", "))")
            }
            var seen = Set<String>()
            let unique = present.filter { seen.insert($0).inserted }
            throw featureNode.error("no feature of '\(path)' has \(property) '\(feature)'; the map has: \(unique.joined(separator: ", "))")
        }

        // Rings as located coordinate lists, in the file's own units.
        var rings: [[(x: Double, y: Double, node: ScenarioNode)]] = []
        var ringIsHole: [Bool] = []
        var ringPart: [Int] = []
        var part = 0
        for f in matching {
            guard case .mapping(let g) = f.geometry.value else {
                throw f.geometry.error("a catchment feature needs a Polygon or MultiPolygon geometry")
            }
            let typeNode = g.first { $0.key == "type" }?.node
            let type = (try? typeNode?.string()) ?? nil
            guard let coordinates = g.first(where: { $0.key == "coordinates" })?.node else {
                throw f.geometry.error("the geometry needs \"coordinates\"")
            }
            let polygons: [ScenarioNode]
            switch type {
            case "Polygon": polygons = [coordinates]
            case "MultiPolygon": polygons = try coordinates.sequence()
            default:
                throw (typeNode ?? f.geometry).error("a catchment must be a Polygon or MultiPolygon, got \(type.map { "'\($0)'" } ?? "no type")")
            }
            for polygon in polygons {
                for (k, ringNode) in try polygon.sequence().enumerated() {
                    var ring: [(x: Double, y: Double, node: ScenarioNode)] = []
                    for position in try ringNode.sequence() {
                        let xy = try position.sequence()
                        guard xy.count >= 2 else { throw position.error("a position needs at least two numbers [x, y]") }
                        ring.append((try coordinate(xy[0]), try coordinate(xy[1]), position))
                    }
                    // GeoJSON rings repeat their first position at the end; the test needs no repeat.
                    if ring.count > 1, ring.first!.x == ring.last!.x, ring.first!.y == ring.last!.y { ring.removeLast() }
                    guard ring.count >= 3 else { throw ringNode.error("a ring needs at least 3 distinct corners") }
                    rings.append(ring)
                    ringIsHole.append(k > 0)
                    ringPart.append(part)
                }
                part += 1
            }
        }

        let system = try coordinateSystem(stated: stated, statedNode: r["crs"], map: map, rings: rings, featureNode: featureNode)
        // Every corner in km on the region's grid.
        var xs = rings.flatMap { $0.map(\.x) }, ys = rings.flatMap { $0.map(\.y) }
        switch system {
        case .wgs84?:
            for (x, y) in zip(xs, ys) where abs(x) > 180 || abs(y) > 90 {
                let at = rings.flatMap { $0 }.first { $0.x == x && $0.y == y }!.node
                throw at.error("[\(x), \(y)] is not a longitude/latitude in degrees (the map is read as WGS 84)")
            }
            let transformation: GridTransformation
            switch GridTransformation.shared {
            case .success(let t): transformation = t
            case .failure(let error): throw fileNode.error(error.message)
            }
            transformation.transform(longitudes: &xs, latitudes: &ys)
            for k in xs.indices { xs[k] /= 1000; ys[k] /= 1000 }
        case .britishNationalGrid?:
            for k in xs.indices { xs[k] /= 1000; ys[k] /= 1000 }
        case nil:
            break
        }

        var parts = [Polygon](repeating: Polygon(vertices: []), count: part)
        var offset = 0
        for (k, ring) in rings.enumerated() {
            let points = (0..<ring.count).map { Point(x: xs[offset + $0], y: ys[offset + $0]) }
            if let names {
                for (j, p) in points.enumerated() {
                    if let problem = names.extent.problem(with: p) {
                        throw ring[j].node.error("\(property) '\(feature)': \(problem)\(system == nil ? "" : " (read as \(system!.rawValue), transformed to National Grid km)")")
                    }
                }
            }
            if ringIsHole[k] { parts[ringPart[k]].holes.append(points) } else { parts[ringPart[k]].vertices = points }
            offset += ring.count
        }
        return .multiPolygon(MultiPolygon(parts: parts))
    }

    private static func coordinate(_ node: ScenarioNode) throws -> Double {
        let s = try node.string()
        guard let v = Double(s) else { throw node.error("expected a number, got '\(s)'") }
        guard v.isFinite else { throw node.error("a coordinate must be a finite number, got '\(s)'") }
        return v
    }

    /// The map's system: as stated, else as the file declares, else by the coordinates' ranges.
    /// nil: already in the region's km.
    private static func coordinateSystem(stated: Stated, statedNode: ScenarioNode?, map: GeoJSONFile,
                                         rings: [[(x: Double, y: Double, node: ScenarioNode)]],
                                         featureNode: ScenarioNode) throws -> MapCoordinateSystem? {
        switch stated {
        case .km: return nil
        case .wgs84, .bng:
            let system: MapCoordinateSystem = stated == .wgs84 ? .wgs84 : .britishNationalGrid
            if let declared = map.declared, declared != system, let statedNode {
                throw statedNode.error("the map '\(map.path)' declares \(declared.rawValue) coordinates (its crs member, line \(map.crsNode?.line ?? 0)), not \(system.rawValue)")
            }
            return system
        case .auto:
            if let declared = map.declared { return declared }
            let all = rings.flatMap { $0 }
            if all.allSatisfy({ abs($0.x) <= 180 && abs($0.y) <= 90 }) { return .wgs84 }
            if let odd = all.first(where: { $0.x < -100_000 || $0.x > 800_000 || $0.y < -100_000 || $0.y > 1_400_000 }) {
                throw odd.node.error("[\(odd.x), \(odd.y)] is neither a longitude/latitude nor a British National Grid easting/northing in metres; say which with crs: wgs84, bng or km")
            }
            return .britishNationalGrid
        }
    }
}

/// The part of the grid a region occupies: its pupils' homes and its schools, so a catchment
/// corner far from all of them is a mistake (longitude/latitude pasted as km, metres as km),
/// not a boundary, and is reported rather than silently matching no one.
struct RegionExtent: Sendable {
    var minX, minY, maxX, maxY: Double

    init(_ region: Region) {
        var b = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
        for i in 0..<region.pupils.count {
            let p = region.pupils.home(i)
            b = (min(b.0, p.x), min(b.1, p.y), max(b.2, p.x), max(b.3, p.y))
        }
        for s in region.schools {
            b = (min(b.0, s.location.x), min(b.1, s.location.y), max(b.2, s.location.x), max(b.3, s.location.y))
        }
        (minX, minY, maxX, maxY) = b
    }

    /// How far beyond the extent a corner may lie: catchments run out to sea, over moors and
    /// across authority borders, but by a fraction of the region's size, not by hundreds of km.
    var margin: Double {
        guard minX.isFinite else { return .infinity }
        return max(5, 0.5 * max(maxX - minX, maxY - minY))
    }

    /// Why `p` cannot be a corner of one of this region's catchments, or nil.
    func problem(with p: Point) -> String? {
        guard minX.isFinite else { return nil }
        guard p.x.isFinite, p.y.isFinite else { return "the corner could not be placed on the National Grid" }
        let dx = max(minX - p.x, 0, p.x - maxX), dy = max(minY - p.y, 0, p.y - maxY)
        let beyond = max(dx, dy)
        guard beyond > margin else { return nil }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        return "the corner (\(f(p.x)), \(f(p.y))) km lies \(f(beyond)) km outside the region (its pupils and schools span x \(f(minX))–\(f(maxX)), y \(f(minY))–\(f(maxY)) km); are the coordinates in another system?"
    }
}
