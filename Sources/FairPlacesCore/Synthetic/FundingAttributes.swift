/// Pupil attributes the funding formula needs beyond current FSM (issue #5): free school meals at
/// any census in the last six years ("Ever-6") and English as an additional language.
///
/// Kept apart from the generator's main loop so the draws, and the rates they are calibrated to, are
/// in one place. Each draw is addressed by (pupil, draw number) on the region's stream, with draw
/// numbers of their own, so adding these attributes shifts no existing draw.
enum FundingAttributes {
    /// Ever-6 FSM: every pupil eligible now, plus non-FSM pupils with a probability rising with their
    /// area's IDACI score (the FSM slope), calibrated so the cohort's Ever-6 share is `rate`. When
    /// `rate` does not exceed the FSM share, Ever-6 is exactly current FSM: Ever-6 can never be less.
    static func everFSM(fsm: [Bool], idaci: [Double], rate: Double, slope: Double,
                        rng: RandomStream, draw: Int) -> [Bool] {
        let n = fsm.count
        var result = fsm
        let fsmCount = fsm.reduce(0) { $0 + ($1 ? 1 : 0) }
        let others = n - fsmCount
        guard others > 0 else { return result }
        // Share of the non-FSM pupils who must have been eligible at some census in six years.
        let target = (rate * Double(n) - Double(fsmCount)) / Double(others)
        guard target > 0 else { return result }
        let otherScores = (0..<n).filter { !fsm[$0] }.map { idaci[$0] }
        let intercept = SyntheticRegionGenerator.calibrateIntercept(scores: otherScores, slope: slope, target: min(target, 1))
        for i in 0..<n where !fsm[i] {
            let p = SyntheticRegionGenerator.logistic(intercept + slope * idaci[i])
            result[i] = rng.uniform(entity: i, draw: draw) < p
        }
        return result
    }

    /// EAL: each pupil independently with probability `rate` (no spatial pattern is assumed).
    static func eal(count: Int, rate: Double, rng: RandomStream, draw: Int) -> [Bool] {
        guard rate > 0 else { return [Bool](repeating: false, count: count) }
        return (0..<count).map { rng.uniform(entity: $0, draw: draw) < rate }
    }
}
