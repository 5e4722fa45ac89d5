import CPROJ
import Foundation

/// A coordinate reference system a map of catchments may be drawn in.
public enum MapCoordinateSystem: String, Sendable, CaseIterable {
    /// Longitude and latitude in degrees on WGS 84 (GeoJSON's own: RFC 7946, `CRS84`, EPSG:4326).
    case wgs84
    /// British National Grid eastings and northings in metres (OSGB36, EPSG:27700).
    case britishNationalGrid = "bng"
}

/// A failure of PROJ itself (its database missing, an operation it cannot build).
public struct ProjectionError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// WGS 84 longitude/latitude → British National Grid metres, through PROJ (Debian `libproj-dev`).
///
/// England's regions are laid out on the British National Grid (km = metres / 1000), so a
/// council's catchment map drawn in GeoJSON's longitude/latitude must be transformed before
/// pupils' homes can be tested against it. The transformation is chosen from PROJ's EPSG
/// database once, always the same one: the best-ranked operation that needs **no grid file**
/// (today the OSGB36 to WGS 84 (6) Helmert, EPSG:1314, with the National Grid projection, stated
/// accuracy 2 m). PROJ would pick the OS's OSTN15 grid if a machine had it installed, which would
/// make outputs differ between machines; pinning the grid-free operation keeps a scenario's
/// results identical everywhere. Its error against OSTN15 is about 2 m in Brighton (measured),
/// far below the precision of catchment boundaries drawn on a map.
///
/// A PROJ object is not safe to share between threads, so each instance owns its own context and
/// transforms under a lock; `shared` is built once (choosing the operation reads PROJ's database,
/// about a tenth of a second) and serves every catchment map a process reads.
public final class GridTransformation: @unchecked Sendable {
    private let lock = NSLock()

    /// One transformation for the whole process, or the error building it gave.
    public static let shared: Result<GridTransformation, ProjectionError> = {
        do { return .success(try GridTransformation()) } catch let e as ProjectionError { return .failure(e) } catch {
            return .failure(ProjectionError(message: "\(error)"))
        }
    }()

    private let context: OpaquePointer
    private let operation: OpaquePointer
    /// PROJ's name of the chosen operation, for notes and tests.
    public let operationName: String
    /// PROJ's stated accuracy of the operation in metres (nil when unknown).
    public let accuracyMetres: Double?

    /// The WGS 84 → British National Grid transformation.
    public init() throws {
        guard let ctx = proj_context_create() else { throw ProjectionError(message: "PROJ could not create a context") }
        // Never reach for grids over the network, whatever the environment says.
        proj_context_set_enable_network(ctx, 0)
        // Failures are reported as errors here; PROJ's own messages would only clutter the terminal.
        proj_log_level(ctx, PJ_LOG_NONE)
        context = ctx
        var chosen: OpaquePointer?
        var failure = "PROJ found no grid-free transformation from EPSG:4326 to EPSG:27700"
        if let source = proj_create(ctx, "EPSG:4326"), let target = proj_create(ctx, "EPSG:27700") {
            defer { proj_destroy(source); proj_destroy(target) }
            if let factory = proj_create_operation_factory_context(ctx, nil) {
                defer { proj_operation_factory_context_destroy(factory) }
                // List every operation as if all grids existed, so the ranking does not depend on
                // what this machine has installed; then take the first that needs none.
                proj_operation_factory_context_set_grid_availability_use(ctx, factory, PROJ_GRID_AVAILABILITY_IGNORED)
                proj_operation_factory_context_set_allow_ballpark_transformations(ctx, factory, 0)
                // Keep the operations the best one supersedes (the Helmert beside OSTN15), and those
                // whose area only partly covers the source CRS's (all of Great Britain, not the world).
                proj_operation_factory_context_set_discard_superseded(ctx, factory, 0)
                proj_operation_factory_context_set_spatial_criterion(ctx, factory, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION)
                if let list = proj_create_operations(ctx, source, target, factory) {
                    defer { proj_list_destroy(list) }
                    for k in 0..<proj_list_get_count(list) {
                        guard let op = proj_list_get(ctx, list, k) else { continue }
                        if proj_coordoperation_get_grid_used_count(ctx, op) == 0,
                           proj_coordoperation_is_instantiable(ctx, op) != 0 {
                            chosen = op
                            break
                        }
                        proj_destroy(op)
                    }
                }
            }
        } else {
            failure = "PROJ could not read EPSG:4326 or EPSG:27700 from its database (is proj-data installed?)"
        }
        guard let op = chosen else {
            proj_context_destroy(ctx)
            throw ProjectionError(message: failure)
        }
        // EPSG:4326 is latitude first; GeoJSON and this API are longitude first.
        guard let normalized = proj_normalize_for_visualization(ctx, op) else {
            proj_destroy(op)
            proj_context_destroy(ctx)
            throw ProjectionError(message: "PROJ could not put the transformation in longitude, latitude order")
        }
        operationName = proj_get_name(op).map { String(cString: $0) } ?? "unnamed"
        let accuracy = proj_coordoperation_get_accuracy(ctx, op)
        accuracyMetres = accuracy >= 0 ? accuracy : nil
        proj_destroy(op)
        operation = normalized
    }

    deinit {
        proj_destroy(operation)
        proj_context_destroy(context)
    }

    /// Transforms longitude/latitude pairs (degrees) in place into eastings/northings (metres).
    /// A point PROJ cannot transform becomes (∞, ∞), which callers report as outside the grid.
    public func transform(longitudes x: inout [Double], latitudes y: inout [Double]) {
        precondition(x.count == y.count, "transform: \(x.count) longitudes but \(y.count) latitudes")
        let n = x.count
        guard n > 0 else { return }
        let stride = MemoryLayout<Double>.stride
        lock.lock()
        defer { lock.unlock() }
        x.withUnsafeMutableBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                _ = proj_trans_generic(operation, PJ_FWD, px.baseAddress, stride, n, py.baseAddress, stride, n,
                                       nil, 0, 0, nil, 0, 0)
            }
        }
        for i in 0..<n where !x[i].isFinite || !y[i].isFinite {
            x[i] = .infinity
            y[i] = .infinity
        }
    }

    /// One point: (easting, northing) in metres.
    public func transform(longitude: Double, latitude: Double) -> (easting: Double, northing: Double) {
        var x = [longitude], y = [latitude]
        transform(longitudes: &x, latitudes: &y)
        return (x[0], y[0])
    }
}
