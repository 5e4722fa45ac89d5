import Dispatch

/// Runs `body(index)` for every index in `0..<count` on `threads` threads and returns the results in
/// index order. Work is striped statically (thread w takes w, w+threads, …): each result depends
/// only on its index, so the output is identical for any thread count.
public enum Parallel {
    public static func map<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let threads = max(1, min(threads, count))
        if threads == 1 { return (0..<count).map(body) }
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            var index = worker
            while index < count {
                slots.store(body(index), at: index)
                index += threads
            }
        }
        return slots.collect()
    }
}

/// Write-once result slots shared by worker threads; each slot is written by exactly one thread
/// and read only after every worker has finished.
private final class Slots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil, count: count)
    }

    func store(_ value: T, at index: Int) { buffer[index] = value }

    func collect() -> [T] { (0..<count).map { buffer[$0]! } }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }
}
