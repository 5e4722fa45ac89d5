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

/// WGS 84 longitude/latitude → British National Grid metres: OSTN15 where the compiled grid window
/// covers the point, PROJ's grid-free Helmert elsewhere.
///
/// England's regions are laid out on the British National Grid (km = metres / 1000), so a
/// council's catchment map drawn in GeoJSON's longitude/latitude must be transformed before
/// pupils' homes can be tested against it, and postcode points (published in National Grid
/// metres) must land on the same side of a boundary as the council's own map puts them.
///
/// **Inside the window** (`OSTN15Window.southEastEngland`: National Grid km 430–600 east, 70–180
/// north, which holds every example's maps and schools): the Ordnance Survey's definitive OSTN15
/// method itself. The point is projected with the National Grid's transverse Mercator on the GRS80
/// ellipsoid (through PROJ), then OSTN15's shifts, interpolated bilinearly between the 1 km nodes
/// around it, are added. This agrees with OS's OSTN15 to the millimetre (the test points are in
/// `GridTransformationTests`). GeoJSON's WGS 84 is taken as ETRS89, as OS, PROJ's EPSG:4326 →
/// EPSG:27700 with OSTN15 and the `osgb` package all do; the two frames have drifted apart by under
/// a metre since 1989, and web maps in Britain draw ETRS89 positions.
///
/// **Outside the window**: the best-ranked EPSG operation that needs no grid file (today the
/// OSGB36 to WGS 84 (6) Helmert, EPSG:1314, with the National Grid projection, stated accuracy
/// 2 m; about 2 m from OSTN15 in Brighton, measured). It stays, rather than being an error,
/// because a catchment boundary drawn on a map is rarely placed to better than a few metres, so a
/// council elsewhere still gets a usable map; `coveredByOSTN15` tells which method a point gets.
/// A polygon straddling the window's edge mixes the two, moving its far vertices by about 2 m.
///
/// Neither path reads a grid file at run time: PROJ would pick the OS's OSTN15 grid if a machine
/// had it installed, so the Helmert is pinned as grid-free, and the OSTN15 window is compiled in.
/// A scenario's results are therefore identical on every machine.
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
    /// ETRS89 degrees → the National Grid's transverse Mercator on GRS80 (OSTN15's first step).
    private let projection: OpaquePointer
    /// OSTN15's shifts where this transformation uses them.
    public let window: OSTN15Window
    /// PROJ's name of the grid-free operation used outside the window, for notes and tests.
    public let operationName: String
    /// PROJ's stated accuracy of that operation in metres (nil when unknown).
    public let accuracyMetres: Double?

    /// The National Grid's projection (OS: true origin 49°N 2°W, scale 0.9996012717, false origin
    /// 400 km west and 100 km north of it) applied to ETRS89 on GRS80, in degrees in, metres out.
    static let ostn15Projection = "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        + "+step +proj=tmerc +lat_0=49 +lon_0=-2 +k_0=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=GRS80"

    /// The WGS 84 → British National Grid transformation, OSTN15 inside `window`.
    public init(window: OSTN15Window = .southEastEngland) throws {
        self.window = window
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
        guard let tm = proj_create(ctx, Self.ostn15Projection) else {
            proj_destroy(normalized)
            proj_context_destroy(ctx)
            throw ProjectionError(message: "PROJ could not build the National Grid projection on GRS80 that OSTN15 starts from")
        }
        operation = normalized
        projection = tm
    }

    deinit {
        proj_destroy(projection)
        proj_destroy(operation)
        proj_context_destroy(context)
    }

    /// Transforms longitude/latitude pairs (degrees) in place into eastings/northings (metres):
    /// OSTN15 where the window covers a point, the Helmert elsewhere. A point neither can
    /// transform becomes (∞, ∞), which callers report as outside the grid.
    public func transform(longitudes x: inout [Double], latitudes y: inout [Double]) {
        precondition(x.count == y.count, "transform: \(x.count) longitudes but \(y.count) latitudes")
        let n = x.count
        guard n > 0 else { return }
        var e = x, nn = y
        lock.lock()
        defer { lock.unlock() }
        Self.run(projection, &e, &nn)
        var outside: [Int] = []
        for i in 0..<n {
            if e[i].isFinite, nn[i].isFinite, let s = window.shift(easting: e[i], northing: nn[i]) {
                e[i] += s.east
                nn[i] += s.north
            } else {
                outside.append(i)
            }
        }
        if !outside.isEmpty {
            var hx = outside.map { x[$0] }, hy = outside.map { y[$0] }
            Self.run(operation, &hx, &hy)
            for (k, i) in outside.enumerated() {
                e[i] = hx[k]
                nn[i] = hy[k]
            }
        }
        for i in 0..<n {
            if e[i].isFinite && nn[i].isFinite {
                x[i] = e[i]
                y[i] = nn[i]
            } else {
                x[i] = .infinity
                y[i] = .infinity
            }
        }
    }

    /// Whether OSTN15 (rather than the Helmert) transforms this longitude/latitude.
    public func coveredByOSTN15(longitude: Double, latitude: Double) -> Bool {
        var e = [longitude], n = [latitude]
        lock.lock()
        Self.run(projection, &e, &n)
        lock.unlock()
        return e[0].isFinite && n[0].isFinite && window.shift(easting: e[0], northing: n[0]) != nil
    }

    /// PROJ's forward operation over the arrays in place (the caller holds the lock).
    private static func run(_ op: OpaquePointer, _ x: inout [Double], _ y: inout [Double]) {
        let n = x.count, stride = MemoryLayout<Double>.stride
        x.withUnsafeMutableBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                _ = proj_trans_generic(op, PJ_FWD, px.baseAddress, stride, n, py.baseAddress, stride, n,
                                       nil, 0, 0, nil, 0, 0)
            }
        }
    }

    /// One point: (easting, northing) in metres.
    public func transform(longitude: Double, latitude: Double) -> (easting: Double, northing: Double) {
        var x = [longitude], y = [latitude]
        transform(longitudes: &x, latitudes: &y)
        return (x[0], y[0])
    }
}
