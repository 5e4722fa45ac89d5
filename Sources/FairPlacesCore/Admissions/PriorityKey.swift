/// A pupil's place in one school's priority order: lower keys are admitted first.
///
/// Compared lexicographically: criterion tier, then the tie-break score (distance in km, or 0 for a
/// ballot), then the lottery number, then the pupil index so that the order is always strict.
public struct PriorityKey: Comparable, Sendable {
    // Stored widest first so a key is 24 bytes, not 32 with padding: deferred acceptance reads a
    // key per application and moves keys through each school's heap.
    public var score: Double
    public var lottery: UInt64
    /// Index of the first criterion met; the criteria count if none is met.
    public var tier: UInt32
    public var pupil: UInt32

    public init(tier: UInt32, score: Double, lottery: UInt64, pupil: UInt32) {
        self.tier = tier
        self.score = score
        self.lottery = lottery
        self.pupil = pupil
    }

    /// The key of an applicant the school may not admit at all (e.g. failed the selection test).
    public static func ineligible(pupil: UInt32) -> PriorityKey {
        PriorityKey(tier: .max, score: .infinity, lottery: .max, pupil: pupil)
    }

    public var isEligible: Bool { tier != .max }

    @inline(__always)
    public static func < (a: PriorityKey, b: PriorityKey) -> Bool {
        if a.tier != b.tier { return a.tier < b.tier }
        if a.score != b.score { return a.score < b.score }
        if a.lottery != b.lottery { return a.lottery < b.lottery }
        return a.pupil < b.pupil
    }

    public static func == (a: PriorityKey, b: PriorityKey) -> Bool {
        a.tier == b.tier && a.score == b.score && a.lottery == b.lottery && a.pupil == b.pupil
    }
}
