import Foundation

/// Runs a sweep's runs on all cores and hands finished runs, in batches, to one writer.
///
/// Simulation is parallel but the results store is not: every batch is delivered on the calling
/// thread, so a database needs no locking and each batch can be one transaction. Which thread runs
/// which run does not matter: a run is a pure function of its index.
public enum SweepRunner {
    /// Progress after each delivered batch.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var elapsedSeconds: Double
        /// Seconds left at the pace so far (nil before the first run finishes).
        public var etaSeconds: Double? {
            done > 0 ? elapsedSeconds / Double(done) * Double(total - done) : nil
        }
    }

    /// Runs `body` for every index in `runs` on `threads` workers and calls `deliver` on this thread
    /// with finished runs, at least every `maxBatch` runs or `maxDelay` seconds. If a run or a
    /// delivery throws, no new run starts, the runs already finished are still delivered (a
    /// delivery error excepted), and the first error is rethrown.
    public static func run<Record: Sendable>(
        runs: [Int], threads: Int, maxBatch: Int = 256, maxDelay: Double = 0.5,
        body: @escaping @Sendable (Int) throws -> Record,
        deliver: ([Record]) throws -> Void,
        progress: (Progress) -> Void = { _ in }
    ) throws {
        let state = SharedState<Record>(total: runs.count)
        let start = DispatchTime.now().uptimeNanoseconds
        let workers = max(1, min(threads, runs.count))
        let pool = Thread {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let k = state.next() {
                    do {
                        state.finish(try body(runs[k]))
                    } catch {
                        state.fail(error)
                    }
                }
            }
            state.workersDone()
        }
        pool.stackSize = 8 << 20
        pool.start()
        var delivered = 0
        var deliveryError: Error?
        while true {
            let (batch, finished) = state.take(maxBatch: maxBatch, maxDelay: maxDelay)
            if !batch.isEmpty && deliveryError == nil {
                do {
                    try deliver(batch)
                    delivered += batch.count
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    progress(Progress(done: delivered, total: runs.count, elapsedSeconds: elapsed))
                } catch {
                    deliveryError = error
                    state.fail(error)
                }
            }
            if finished { break }
        }
        if let deliveryError { throw deliveryError }
        if let error = state.error { throw error }
    }
}

/// The queue of finished runs between the workers and the writer.
private final class SharedState<Record>: @unchecked Sendable {
    private let condition = NSCondition()
    private var nextIndex = 0
    private let total: Int
    private var pending: [Record] = []
    private var stopped = false
    private var running = true
    private(set) var error: Error?

    init(total: Int) { self.total = total }

    func next() -> Int? {
        condition.lock(); defer { condition.unlock() }
        guard !stopped, nextIndex < total else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func finish(_ record: Record) {
        condition.lock()
        pending.append(record)
        condition.signal()
        condition.unlock()
    }

    func fail(_ error: Error) {
        condition.lock()
        if self.error == nil { self.error = error }
        stopped = true
        condition.signal()
        condition.unlock()
    }

    func workersDone() {
        condition.lock()
        running = false
        condition.signal()
        condition.unlock()
    }

    /// Waits for a full batch, the delay, or the end; returns what is pending and whether the
    /// workers have all stopped (then nothing more will come).
    func take(maxBatch: Int, maxDelay: Double) -> ([Record], Bool) {
        condition.lock(); defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: maxDelay)
        while running && pending.count < maxBatch {
            if !condition.wait(until: deadline) { break }
        }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        return (batch, !running)
    }
}
