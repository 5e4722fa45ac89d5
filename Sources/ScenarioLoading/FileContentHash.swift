import Foundation

/// A short hash of a file's bytes, so that a sweep database notices when a data file its base
/// scenario reads (a pupils or schools CSV, a published data file) was changed after its runs
/// were made: the file's name alone would still match.
enum FileContentHash {
    /// 16 hex digits, or nil if `path` is not a readable regular file.
    static func of(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var length: UInt64 = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            length += UInt64(chunk.count)
            chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                // Eight bytes at a time (multiply and shift, as in FNV and SplitMix), then the rest.
                let words = raw.count / 8
                for w in 0..<words {
                    hash = (hash ^ raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)) &* 0x0000_0100_0000_01b3
                    hash ^= hash >> 29
                }
                for b in raw[(words * 8)...] { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            }
        }
        hash ^= length
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
