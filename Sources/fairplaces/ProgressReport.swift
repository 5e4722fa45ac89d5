import Foundation

/// Where a long command is, on standard error: a bar redrawn in place on a terminal, or a plain
/// line every N seconds where the output is a file (a Slurm log, a pipe), or nothing (`--quiet`).
///
/// A clock thread redraws the bar and writes the lines, so the user hears from the command even
/// while one step (reading a national scenario, one long run) keeps the main thread busy.
final class ProgressReport: @unchecked Sendable {
    enum Style: Equatable {
        case bar
        case lines(every: Double)
        case silent
    }

    let style: Style
    private let lock = NSLock()
    private var phase = ""
    private var unit = ""
    private var done = 0
    private var total = 0
    private var phaseStart = Date()
    private var lastBar = Date.distantPast
    private var barShown = false
    private var timer: DispatchSourceTimer?

    /// `--quiet` silences it; `--progress-every N` asks for lines; otherwise a bar on a terminal
    /// and a line every 30 seconds elsewhere.
    init(quiet: Bool, every: Double?, terminal: Bool = isatty(STDERR_FILENO) != 0) {
        if quiet { style = .silent } else if let every { style = .lines(every: every) } else {
            style = terminal ? .bar : .lines(every: 30)
        }
    }

    /// Starts a phase ("checking the plan", 13 "scenarios read"); the previous one must have ended.
    func begin(_ phase: String, unit: String, total: Int) {
        lock.lock()
        self.phase = phase; self.unit = unit; self.total = total; done = 0; phaseStart = Date()
        lock.unlock()
        let interval: Double
        switch style {
        case .silent: return
        case .bar: interval = 0.5; draw(force: true)
        case .lines(let every): interval = every
        }
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        t.schedule(deadline: .now() + interval, repeating: interval)
        t.setEventHandler { [weak self] in
            guard let self else { return }
            if self.style == .bar { self.draw(force: true) } else { self.line() }
        }
        t.resume()
        lock.lock(); timer = t; lock.unlock()
    }

    /// `done` may come from several threads out of order; the count never goes back.
    func update(done: Int) {
        lock.lock(); self.done = max(self.done, done); lock.unlock()
        if style == .bar { draw(force: false) }
    }

    /// Ends the phase: the bar is finished with a newline; lines say nothing more (the command's
    /// closing line follows).
    func end() {
        lock.lock()
        let t = timer
        timer = nil
        lock.unlock()
        t?.cancel()
        if style == .bar {
            draw(force: true)
            lock.lock()
            if barShown { FileHandle.standardError.write(Data("\n".utf8)) }
            barShown = false
            lock.unlock()
        }
    }

    private func snapshot() -> (phase: String, unit: String, done: Int, total: Int, elapsed: Double) {
        (phase, unit, done, total, Date().timeIntervalSince(phaseStart))
    }

    /// Seconds left at the pace so far.
    static func eta(done: Int, total: Int, elapsed: Double) -> Double? {
        done > 0 && total >= done ? elapsed / Double(done) * Double(total - done) : nil
    }

    private func line() {
        lock.lock(); defer { lock.unlock() }
        guard timer != nil else { return }
        let s = snapshot()
        let percent = s.total > 0 ? " (\(100 * s.done / s.total)%)" : ""
        let eta = Self.eta(done: s.done, total: s.total, elapsed: s.elapsed).map { ", about \(Self.clock($0)) left" } ?? ""
        FileHandle.standardError.write(Data(
            "fairplaces: \(s.phase): \(s.done)/\(s.total) \(s.unit)\(percent), \(Self.clock(s.elapsed)) elapsed\(eta)\n".utf8))
    }

    private func draw(force: Bool) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard force || now.timeIntervalSince(lastBar) > 0.2 else { return }
        lastBar = now
        let s = snapshot()
        let width = 30
        let filled = s.total > 0 ? width * min(s.done, s.total) / s.total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let eta = Self.eta(done: s.done, total: s.total, elapsed: s.elapsed).map { " ETA \(Self.clock($0))" } ?? ""
        FileHandle.standardError.write(Data("\r\(s.phase) [\(bar)] \(s.done)/\(s.total) \(s.unit), \(Self.clock(s.elapsed))\(eta)   ".utf8))
        barShown = true
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
