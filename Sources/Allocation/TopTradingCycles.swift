import FairPlacesCore

/// Top trading cycles (Abdulkadiroğlu & Sönmez 2003): every unplaced pupil points to their best
/// listed school with a place left that may admit them; every such school points to its
/// highest-priority remaining pupil (whether or not that pupil listed it: priority is the right to
/// trade its place); the pupils in each cycle get the schools they point to. The result is
/// Pareto-efficient for pupils but not stable.
public struct TopTradingCycles: AllocationMechanism {
    public init() {}

    public func match(_ problem: AllocationProblem) -> Matching {
        let n = problem.pupilCount, m = problem.schoolCount, length = problem.preferences.length
        var result = Matching(pupils: n)
        let rules = problem.rules
        // Each school's ranking of every pupil it may admit, best first.
        let ranking: [[Int]] = (0..<m).map { s in
            var keyed: [(PriorityKey, Int)] = []
            for i in 0..<n where problem.participates[i] {
                let key: PriorityKey
                if let rules {
                    key = rules.key(pupil: i, school: s, distance: rules.distance(pupil: i, school: s))
                } else if let r = problem.preferences.rank(of: s, for: i) {
                    key = problem.priority[i * length + r]
                } else {
                    continue
                }
                if key.isEligible { keyed.append((key, i)) }
            }
            return keyed.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var left = problem.capacity.map { max(0, $0) }
        var active = (0..<n).map { problem.participates[$0] }
        var listPointer = [Int](repeating: 0, count: n)
        var rankPointer = [Int](repeating: 0, count: m)

        /// Pupil i's best remaining school, or -1 (then i leaves unplaced).
        func pupilTarget(_ i: Int) -> Int {
            while listPointer[i] < length {
                let r = listPointer[i]
                let s = Int(problem.preferences.schools[i * length + r])
                if s < 0 { break }
                if left[s] > 0 && problem.priority[i * length + r].isEligible { return s }
                listPointer[i] += 1
            }
            return -1
        }
        /// School s's highest-priority remaining pupil, or -1.
        func schoolTarget(_ s: Int) -> Int {
            while rankPointer[s] < ranking[s].count && !active[ranking[s][rankPointer[s]]] { rankPointer[s] += 1 }
            return rankPointer[s] < ranking[s].count ? ranking[s][rankPointer[s]] : -1
        }

        var start = 0
        while start < n {
            guard active[start] else { start += 1; continue }
            // Walk pupil → school → pupil … until a pupil repeats; that loop is a cycle.
            var path: [Int] = []           // pupils on the walk
            var position = [Int: Int]()    // pupil → index in path
            var i = start
            var cycleFound = false
            while true {
                let s = pupilTarget(i)
                if s < 0 {
                    active[i] = false      // no school left for this pupil
                    break
                }
                position[i] = path.count
                path.append(i)
                let j = schoolTarget(s)
                if let p = position[j] {
                    for k in p..<path.count {
                        let pupil = path[k]
                        let school = pupilTarget(pupil)
                        result.school[pupil] = Int32(school)
                        result.rank[pupil] = Int32(listPointer[pupil])
                        left[school] -= 1
                        active[pupil] = false
                    }
                    cycleFound = true
                    break
                }
                i = j
            }
            _ = cycleFound
        }
        return result
    }
}
