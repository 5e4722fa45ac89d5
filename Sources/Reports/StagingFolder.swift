import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    /// Writes the string's UTF-8 bytes as they are: Foundation's `write(toFile:)` first copies them
    /// into `Data`, which for a national run's 46 MB metrics.json is a page fault every 4 KB.
    func write(_ contents: String, as name: String) throws {
        var text = contents
        try text.withUTF8 { try write($0, as: name) }
    }

    /// Writes the bytes `generate` appends, a chunk at a time as they come, so a file of tens of
    /// megabytes is never held whole.
    func write(as name: String, _ generate: (inout ByteText) -> Void) throws {
        let path = staged(name)
        let fd = try create(path)
        defer { close(fd) }
        var text = ByteText(chunk: Self.chunk) { Self.writeAll($0, to: fd) }
        generate(&text)
        if let failure = text.finish() { throw Self.writeError(path, failure) }
    }

    /// Bytes written to a file at a time by `write(as:_:)`: large enough that a write costs little
    /// beside the copy, small enough to stay in cache.
    static let chunk = 1 << 20

    private func write(_ bytes: UnsafeBufferPointer<UInt8>, as name: String) throws {
        let path = staged(name)
        let fd = try create(path)
        defer { close(fd) }
        if let failure = Self.writeAll(bytes, to: fd) { throw Self.writeError(path, failure) }
    }

    private func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(errno))]) }
        return fd
    }

    /// Writes all of `bytes`; errno if the file system refuses.
    private static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                let failure = errno
                if failure == EINTR { continue }
                return failure
            }
            done += n
        }
        return nil
    }

    private static func writeError(_ path: String, _ failure: Int32) -> Error {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(failure))])
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
