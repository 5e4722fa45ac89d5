import Foundation
import Projection

/// A GeoJSON FeatureCollection (RFC 7946) read into located nodes, so an error in the map points
/// at its line and field (`catchments.geojson:12:40: features[3].geometry.coordinates[0][0][5]: …`).
///
/// JSON is checked with Foundation's parser first (it is strict: a trailing comma or a bare `NaN`
/// is an error, at the line and column it gives); the tree is then built by the YAML parser that
/// reads scenarios, since JSON is YAML and that parser keeps every value's position. A file is
/// read once per loading process however many catchments name it (a council's map holds all of
/// its catchments).
struct GeoJSONFile: Sendable {
    struct Feature: Sendable {
        /// The feature's properties written as text (numbers as written).
        var properties: [String: String]
        /// The `geometry` member.
        var geometry: ScenarioNode
        var node: ScenarioNode
    }

    var path: String
    var features: [Feature]
    /// The system the file's `crs` member names (GeoJSON 2008; RFC 7946 files have none and are WGS 84).
    var declared: MapCoordinateSystem?
    var crsNode: ScenarioNode?

    /// Reads (or recalls) the map at `path`; `blame` is the scenario field that named it.
    static func read(path: String, blame: ScenarioNode) throws -> GeoJSONFile {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes, (attributes[.type] as? FileAttributeType) != .typeDirectory else {
            throw blame.error("the catchment map '\(path)' does not exist")
        }
        let stamp = "\(attributes[.size] ?? 0)/\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        if let cached = cache.lookup(path: path, stamp: stamp) { return cached }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw blame.error("cannot read the catchment map '\(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw blame.error("the catchment map '\(path)' is not UTF-8 text")
        }
        let file = try parse(text: text, data: data, path: path)
        cache.store(file, path: path, stamp: stamp)
        return file
    }

    static func parse(text: String, data: Data, path: String) throws -> GeoJSONFile {
        var jsonError: Error?
        do { _ = try JSONSerialization.jsonObject(with: data) } catch { jsonError = error }
        let root: ScenarioNode
        do {
            root = try ScenarioNode.parse(yaml: text, file: path)
        } catch {
            throw jsonLocatedError(jsonError, text: text, path: path)
        }
        if let jsonError {
            // Valid to the YAML reader but not JSON: find a number JSON cannot hold (1e999, NaN).
            if let bad = firstNonFiniteNumber(root) {
                throw bad.error("a coordinate must be a finite number, got '\((try? bad.string()) ?? "")'")
            }
            throw jsonLocatedError(jsonError, text: text, path: path)
        }
        guard case .mapping(let top) = root.value else {
            throw root.error("a GeoJSON map must be an object with \"type\": \"FeatureCollection\"")
        }
        let type = top.first { $0.key == "type" }?.node
        guard let type, (try? type.string()) == "FeatureCollection" else {
            throw (type ?? root).error("expected a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\")")
        }
        var declared: MapCoordinateSystem?
        let crsNode = top.first { $0.key == "crs" }?.node
        if let crsNode { declared = try declaredSystem(crsNode) }
        guard let featuresNode = top.first(where: { $0.key == "features" })?.node else {
            throw root.error("a FeatureCollection needs \"features\"")
        }
        var features: [Feature] = []
        for item in try featuresNode.sequence() {
            guard case .mapping(let entries) = item.value else { throw item.error("a feature must be an object") }
            var properties: [String: String] = [:]
            if let p = entries.first(where: { $0.key == "properties" })?.node, case .mapping(let ps) = p.value {
                for (k, v) in ps { if case .scalar(let s) = v.value { properties[k] = s } }
            }
            if let id = entries.first(where: { $0.key == "id" })?.node, case .scalar(let s) = id.value, properties["id"] == nil {
                properties["id"] = s
            }
            guard let geometry = entries.first(where: { $0.key == "geometry" })?.node else {
                throw item.error("a feature needs a \"geometry\"")
            }
            features.append(Feature(properties: properties, geometry: geometry, node: item))
        }
        return GeoJSONFile(path: path, features: features, declared: declared, crsNode: crsNode)
    }

    /// The 2008 GeoJSON `crs` member: `{"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}`.
    static func declaredSystem(_ node: ScenarioNode) throws -> MapCoordinateSystem? {
        guard case .mapping(let entries) = node.value,
              let props = entries.first(where: { $0.key == "properties" })?.node,
              case .mapping(let ps) = props.value,
              let nameNode = ps.first(where: { $0.key == "name" })?.node,
              case .scalar(let name) = nameNode.value else { return nil }
        let upper = name.uppercased()
        if upper.hasSuffix("CRS84") || upper.hasSuffix(":4326") || upper.hasSuffix("::4326") { return .wgs84 }
        if upper.hasSuffix(":27700") { return .britishNationalGrid }
        throw nameNode.error("the map's coordinate system '\(name)' is not one FairPlaces reads: WGS 84 longitude/latitude (CRS84, EPSG:4326) or British National Grid metres (EPSG:27700)")
    }

    private static func firstNonFiniteNumber(_ node: ScenarioNode) -> ScenarioNode? {
        switch node.value {
        case .scalar(let s):
            if let v = Double(s), !v.isFinite { return node }
            let lower = s.lowercased()
            if ["nan", ".nan", "inf", ".inf", "-inf", "-.inf", "infinity", "-infinity"].contains(lower) { return node }
            return nil
        case .mapping(let entries):
            for (_, child) in entries { if let bad = firstNonFiniteNumber(child) { return bad } }
            return nil
        case .sequence(let items):
            for child in items { if let bad = firstNonFiniteNumber(child) { return bad } }
            return nil
        case .null:
            return nil
        }
    }

    /// Foundation's JSON error, with the line and column of the character it names.
    private static func jsonLocatedError(_ error: Error?, text: String, path: String) -> ScenarioError {
        let detail = ((error as NSError?)?.userInfo["NSDebugDescription"] as? String) ?? "\(error.map { "\($0)" } ?? "unreadable")"
        var line: Int?, column: Int?
        if let range = detail.range(of: #"character (\d+)"#, options: .regularExpression),
           let offset = Int(detail[range].dropFirst("character ".count)) {
            let bytes = Array(text.utf8.prefix(offset))
            line = 1 + bytes.filter { $0 == UInt8(ascii: "\n") }.count
            column = offset - (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        }
        return ScenarioError(file: path, line: line ?? 1, column: column, field: "", message: "not valid JSON: \(detail)")
    }

    private static let cache = Cache()

    /// Parsed maps by path and (size, modification time), so an edited file is read again.
    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var files: [String: (stamp: String, file: GeoJSONFile)] = [:]

        func lookup(path: String, stamp: String) -> GeoJSONFile? {
            lock.lock(); defer { lock.unlock() }
            guard let hit = files[path], hit.stamp == stamp else { return nil }
            return hit.file
        }

        func store(_ file: GeoJSONFile, path: String, stamp: String) {
            lock.lock(); defer { lock.unlock() }
            files[path] = (stamp, file)
        }
    }
}
