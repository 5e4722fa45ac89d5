import Foundation

/// A hidden folder inside an output folder where outputs are written first and then moved into
/// place, so a run that fails part-way leaves the previous outputs or none, never a mixture that
/// looks complete.
struct StagingFolder {
    let directory: String
    let path: String

    init(in directory: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory
        path = (directory as NSString).appendingPathComponent(".partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(atPath: path)
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Where `name` is staged.
    func staged(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func write(_ contents: String, as name: String) throws {
        try contents.write(toFile: staged(name), atomically: false, encoding: .utf8)
    }

    /// Removes `stale` (outputs of an earlier run) and `names` from the output folder, then moves the
    /// staged `names` into it.
    func commit(_ names: [String], removing stale: [String] = []) throws {
        let fm = FileManager.default
        for name in stale + names {
            let target = (directory as NSString).appendingPathComponent(name)
            if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
        }
        for name in names {
            try fm.moveItem(atPath: staged(name), toPath: (directory as NSString).appendingPathComponent(name))
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
