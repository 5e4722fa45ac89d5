/// What a run is: its parameter values and its seed, never its position in a plan.
///
/// A plan that grows (more seeds, more values in a list, a value inserted in the middle) keeps the
/// identity of every run it already had, so `--resume` runs only the new ones and databases of two
/// such plans merge run for run. The key is readable text (stored in `runs.run_key`); the id, used
/// to join the tables, is a 63-bit hash of the key, evenly spread so `run_id % n` makes even shards.
public struct RunIdentity: Sendable, Hashable {
    /// Parameter name → value label, in the plan's order.
    public var parameters: [RunRecord.Parameter]
    public var seed: UInt64
    /// `name=label;…;seed=S`, with `\`, `;` and `=` inside names and labels escaped by `\`.
    public let key: String
    /// A non-negative 63-bit hash of `key`.
    public let id: Int64

    public init(parameters: [RunRecord.Parameter], seed: UInt64) {
        self.parameters = parameters
        self.seed = seed
        let fields = parameters.map { Self.escaped($0.name) + "=" + Self.escaped($0.value) } + ["seed=\(seed)"]
        key = fields.joined(separator: ";")
        id = Self.id(of: key)
    }

    /// FNV-1a over the key's bytes, then SplitMix64's finaliser so every bit (and so every
    /// remainder `id % n`) depends on the whole key; the top bit is cleared (SQLite integers are signed).
    public static func id(of key: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Int64(bitPattern: hash & UInt64(Int64.max))
    }

    static func escaped(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == ";" || $0 == "=" }) else { return text }
        var out = ""
        for c in text {
            if c == "\\" || c == ";" || c == "=" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
