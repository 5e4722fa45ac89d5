import FairPlacesCore

/// A planning year's cohort drawn from the base cohort (the region's pupils): each area's pupils
/// are kept, thinned or repeated to reach the area's forecast size.
///
/// Which pupils are kept depends only on (seed, year) through the `.cohortSample` stream, never on
/// the option being tested, so every option of a plan allocates the same children in a year.
public enum YearCohort {
    /// Base-pupil index of each pupil of the year's cohort, and which copy of that pupil it is (0 for
    /// the pupil itself; 1, 2, … when the area grows past its base count).
    public struct Selection: Sendable, Equatable {
        public var base: [Int]
        public var copy: [Int]
    }

    /// - Parameters:
    ///   - areaOf: each base pupil's area (−1 for none).
    ///   - targets: pupils wanted per area; the last entry is for pupils with no area.
    public static func select(areaOf: [Int32], targets: [Int], seed: UInt64, year: Int) -> Selection {
        let areaCount = targets.count - 1
        var members = [[Int]](repeating: [], count: targets.count)
        for (i, a) in areaOf.enumerated() { members[a >= 0 ? Int(a) : areaCount].append(i) }
        let rng = RandomStream(seed: seed, replication: UInt32(truncatingIfNeeded: year), purpose: .cohortSample)
        var chosen: [(base: Int, copy: Int)] = []
        for (a, list) in members.enumerated() where !list.isEmpty {
            let want = max(0, targets[a])
            let full = want / list.count, part = want % list.count
            for c in 0..<full { for i in list { chosen.append((i, c)) } }
            if part > 0 {
                // The partial copy takes the pupils with the smallest keys: a uniform sample without replacement.
                let keyed = list.map { (key: rng.uniform(entity: $0, draw: full), i: $0) }
                    .sorted { $0.key != $1.key ? $0.key < $1.key : $0.i < $1.i }
                for k in 0..<part { chosen.append((keyed[k].i, full)) }
            }
        }
        chosen.sort { ($0.base, $0.copy) < ($1.base, $1.copy) }
        return Selection(base: chosen.map(\.base), copy: chosen.map(\.copy))
    }

    /// The year's pupils: the selected base pupils, with ties to schools (EHC plan, sibling, parent's
    /// workplace) pointed at the school that now holds them, or dropped when that school has closed.
    public static func pupils(_ base: Pupils, selection: Selection, baseSchools: [School], year: YearSchools) -> Pupils {
        let remap: [Int32] = baseSchools.map { s in year.tieTarget[s.id].map(Int32.init) ?? -1 }
        func tie(_ s: Int32) -> Int32 { s >= 0 ? remap[Int(s)] : -1 }
        var p = Pupils(reservingCapacity: selection.base.count)
        let hasExtra = !base.medicalNeed.isEmpty
        for (k, i) in selection.base.enumerated() {
            let c = selection.copy[k]
            p.append(id: c == 0 ? base.ids[i] : "\(base.ids[i])+\(c)", home: base.home(i), fsm: base.fsm[i],
                     idaciScore: base.idaciScore[i], idaciDecile: base.idaciDecile[i], attainment: base.attainment[i],
                     lookedAfter: base.lookedAfter[i], ehcPlanSchool: tie(base.ehcPlanSchool[i]),
                     siblingSchool: tie(base.siblingSchool[i]), faith: base.faith[i], area: base.area[i],
                     medicalNeed: hasExtra ? base.medicalNeed[i] : false,
                     staffChildAt: hasExtra ? tie(base.staffChildAt[i]) : -1,
                     feeder: hasExtra ? base.feeder[i] : -1, tutored: hasExtra ? base.tutored[i] : false,
                     fsm6: base.fsm6.isEmpty ? nil : base.fsm6[i], eal: base.eal.isEmpty ? false : base.eal[i])
        }
        return p
    }

    /// Splits `total(a)` into whole pupils per area, keeping the rounded sum (largest remainders;
    /// ties to the lower index).
    public static func wholePupils(_ expected: [Double]) -> [Int] {
        let floors = expected.map { Int(max(0, $0).rounded(.down)) }
        let total = Int(expected.reduce(0) { $0 + max(0, $1) }.rounded())
        var result = floors
        let order = expected.indices.sorted {
            let ra = max(0, expected[$0]) - Double(floors[$0]), rb = max(0, expected[$1]) - Double(floors[$1])
            return ra != rb ? ra > rb : $0 < $1
        }
        var left = total - floors.reduce(0, +)
        var k = 0
        while left > 0 && k < order.count { result[order[k]] += 1; left -= 1; k += 1 }
        return result
    }
}
