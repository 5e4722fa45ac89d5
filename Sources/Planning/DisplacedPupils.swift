/// Pupils whose school under an option differs from their school under the base option, in the
/// same year and replication (the same children and the same random numbers in both). A pupil
/// unplaced in one and placed in the other counts; so does a pupil moved by a merger, since the
/// school they attend is not the one they would have attended.
public struct DisplacedPupils: Sendable, Equatable {
    public var all: Int
    public var fsm: Int
    public var nonFSM: Int { all - fsm }

    /// - Parameters: `base`, `option`: each pupil's school as a plan-wide school number (−1 unplaced).
    public init(base: [Int32], option: [Int32], fsm: [Bool]) {
        precondition(base.count == option.count && base.count == fsm.count, "both options must place the same pupils")
        var all = 0, f = 0
        for i in base.indices where base[i] != option[i] {
            all += 1
            if fsm[i] { f += 1 }
        }
        self.all = all
        self.fsm = f
    }
}
