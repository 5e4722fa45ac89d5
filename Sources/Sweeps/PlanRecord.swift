/// What a results database keeps of the plan that writes to it: what its runs mean (the
/// definition), which plan exactly (to say when a merged database is complete), and how to name a
/// run from its position in the plan (to convert databases of earlier versions, which numbered
/// runs by position).
public struct PlanRecord: Sendable {
    public var definition: SweepDefinition
    /// Identifies the plan exactly: the base scenario, every value, the seeds and replications.
    public var fingerprint: String
    public var runCount: Int
    /// The plan file, as given on the command line.
    public var file: String
    /// The identity of the run at a position in the plan.
    public var identityAt: @Sendable (Int) -> RunIdentity

    public init(definition: SweepDefinition, fingerprint: String, runCount: Int, file: String,
                identityAt: @escaping @Sendable (Int) -> RunIdentity) {
        self.definition = definition
        self.fingerprint = fingerprint
        self.runCount = runCount
        self.file = file
        self.identityAt = identityAt
    }
}
