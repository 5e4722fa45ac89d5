import Foundation
import Metrics

/// Where each figure's key is in a result's keys, found by hashing, the table built on the first
/// look-up: a run that only writes its files never looks one up, and hashing a national run's
/// 150,000 keys (five strings each) took a twentieth of its time.
final class KeyPositions: @unchecked Sendable {
    private let keys: [MetricKey]
    /// Guards `table`, which results shared between threads may build at once.
    private let lock = NSLock()
    private var table: [MetricKey: Int]?

    init(_ keys: [MetricKey]) { self.keys = keys }

    /// The first position of `key`, if it is there.
    func index(of key: MetricKey) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        if table == nil { table = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) }
        return table![key]
    }
}
