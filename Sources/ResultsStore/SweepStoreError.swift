import Foundation
import GRDB

/// A problem with a results database, in one line a user can act on: wrong plan, a run found
/// twice, not a sweep database, a full disk. SQLite's own messages never reach the user raw.
public struct SweepStoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension SweepStore {
    /// Runs `body`, turning SQLite's and the file system's errors into a `SweepStoreError` that
    /// names the file and what was being done (`action`: "open", "read", "write to"…).
    static func translatingErrors<T>(_ path: String, _ action: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SweepStoreError {
            throw error
        } catch let error as DatabaseError {
            throw SweepStoreError("cannot \(action) \(path): \(plainWords(error.resultCode))")
        } catch let error as CocoaError {
            throw SweepStoreError("cannot \(action) \(path): \(plainWords(error))")
        } catch {
            throw SweepStoreError("cannot \(action) \(path): \(type(of: error)) error")
        }
    }

    /// What an SQLite result code means for the user.
    static func plainWords(_ code: ResultCode) -> String {
        switch code.primaryResultCode {
        case .SQLITE_NOTADB: return "it is not an SQLite database"
        case .SQLITE_CORRUPT: return "the database file is damaged"
        case .SQLITE_CANTOPEN: return "the file or its folder cannot be opened"
        case .SQLITE_READONLY: return "the file or its folder is read-only"
        case .SQLITE_PERM, .SQLITE_AUTH: return "permission denied"
        case .SQLITE_FULL: return "the disk is full"
        case .SQLITE_IOERR: return "a read or write failed (disk error)"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "another process is using the database"
        case .SQLITE_CONSTRAINT: return "a row would be stored twice"
        default: return "SQLite error \(code.primaryResultCode.rawValue)"
        }
    }

    static func plainWords(_ error: CocoaError) -> String {
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "the disk is full"
        case .fileWriteFileExists: return "a file of that name is in the way"
        case .fileWriteVolumeReadOnly: return "the disk is read-only"
        default: return "file system error \(error.code.rawValue)"
        }
    }
}

/// Files written whole or not at all: built into a staging folder beside their destination, then
/// moved into place, so a failed export never leaves half a set.
enum StagedFiles {
    static func write(_ files: [(name: String, text: String)], into directory: String) throws {
        let fm = FileManager.default
        try SweepStore.translatingErrors(directory, "write to") {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let staging = (directory as NSString).appendingPathComponent(".partial-\(ProcessInfo.processInfo.processIdentifier)")
            try? fm.removeItem(atPath: staging)
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            defer { try? fm.removeItem(atPath: staging) }
            for (name, text) in files {
                try Data(text.utf8).write(to: URL(fileURLWithPath: (staging as NSString).appendingPathComponent(name)))
            }
            for (name, _) in files {
                let target = (directory as NSString).appendingPathComponent(name)
                if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
                try fm.moveItem(atPath: (staging as NSString).appendingPathComponent(name), toPath: target)
            }
        }
    }
}
