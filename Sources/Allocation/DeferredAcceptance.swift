import FairPlacesCore
import CPrefetch

/// Pupil-proposing deferred acceptance (Gale & Shapley 1962; Abdulkadiroğlu & Sönmez 2003): the
/// "equal preference" scheme every English local authority coordinates (DOMAIN.md §1.3).
///
/// Each unplaced pupil applies to the next school on their list; a school holds its best applicants
/// up to capacity by priority and rejects the rest; rejected pupils apply further down. The result is
/// the pupil-optimal stable matching, whatever order pupils apply in.
///
/// Each school's held applicants are a binary max-heap (worst at the root) in one flat buffer, so a
/// proposal costs O(log capacity) and the run allocates nothing per pupil.
public struct DeferredAcceptance: AllocationMechanism {
    public init() {}

    public func match(_ problem: AllocationProblem) -> Matching {
        problem.isResponsive ? matchResponsive(problem) : matchWithSeatPlans(problem)
    }

    /// Generalised deferred acceptance in rounds (Hatfield & Milgrom 2005): every unplaced pupil
    /// applies to their next school; each school keeps, by its choice function, the best of those it
    /// holds and the new applicants. Schools without a seat plan keep their best by priority.
    func matchWithSeatPlans(_ problem: AllocationProblem) -> Matching {
        let n = problem.pupilCount, m = problem.schoolCount, length = problem.preferences.length
        var result = Matching(pupils: n)
        // Schools without a plan behave as one ordinary group: an empty plan over their places.
        var held = [[SeatPlan.Candidate]](repeating: [], count: m)
        var stores = [[PriorityKey]](repeating: [], count: m)
        // How each planned school's last choice filled its groups, to refuse hopeless applications
        // without a new choice (see the proposal loop).
        var fills = [[SeatPlan.Fill]?](repeating: nil, count: m)
        var workspace = SeatPlan.Workspace()
        var kept: [Bool] = []
        var next = [Int](repeating: 0, count: n)
        var free = (0..<n).filter { problem.participates[$0] }
        var applicants = [[SeatPlan.Candidate]](repeating: [], count: m)
        while !free.isEmpty {
            for i in free {
                while next[i] < length {
                    let r = next[i]
                    next[i] += 1
                    let s = Int(problem.preferences.schools[i * length + r])
                    if s < 0 { next[i] = length; break }
                    let key = problem.priority[i * length + r]
                    if key.isEligible && problem.capacity[s] > 0 {
                        if let plan = problem.seatPlans[s], let rules = problem.rules {
                            // A school refuses for good anyone it would refuse if added alone to its
                            // intake: its pool of applicants only grows, and by substitutability
                            // someone refused from a set is refused from any larger one. Such a
                            // pupil goes straight on to their next choice.
                            if let fill = fills[s], !plan.wouldChoose(pupil: i, rank: r, key: key, rules: rules, fills: fill) {
                                continue
                            }
                            applicants[s].append(plan.candidate(pupil: i, rank: r, key: key, rules: rules, store: &stores[s]))
                        } else {
                            applicants[s].append(SeatPlan.Candidate(pupil: i, rank: r, key: key, groupKeys: 0))
                        }
                        break
                    }
                }
            }
            free = []
            for s in 0..<m where !applicants[s].isEmpty {
                // Newcomers join the held list in place.
                held[s].append(contentsOf: applicants[s])
                applicants[s].removeAll(keepingCapacity: true)
                kept.removeAll(keepingCapacity: true)
                kept.append(contentsOf: repeatElement(false, count: held[s].count))
                if let plan = problem.seatPlans[s] {
                    plan.choose(held[s], store: stores[s], into: &workspace)
                    for k in workspace.chosen { kept[k] = true }
                    fills[s] = workspace.fills
                } else {
                    let candidates = held[s]
                    let best = candidates.indices.sorted { candidates[$0].key < candidates[$1].key }.prefix(problem.capacity[s])
                    for k in best { kept[k] = true }
                }
                // Compact the held list in place: the kept stay (in order), the rest are free again.
                var write = 0
                for k in held[s].indices {
                    let c = held[s][k]
                    if kept[k] {
                        held[s][write] = c
                        write += 1
                        result.school[c.pupil] = Int32(s); result.rank[c.pupil] = Int32(c.rank)
                    } else {
                        result.school[c.pupil] = -1; result.rank[c.pupil] = -1
                        free.append(c.pupil)
                    }
                }
                held[s].removeLast(held[s].count - write)
            }
            free.sort()
        }
        return result
    }

    /// How many rejected pupils wait before applying again (a power of two); see `matchResponsive`.
    static let rejectedDelay = 16

    func matchResponsive(_ problem: AllocationProblem) -> Matching {
        let n = problem.pupilCount, m = problem.schoolCount, length = problem.preferences.length
        // Held keys carry their application's position in the flat lists, i·L + r, in place of the
        // pupil: the order is unchanged (a key's pupil is its row's, and r < L), and a rejected
        // pupil's next application is then the next position, found without a lookup of their own.
        // The round-based path gives the same matching for lists too long to number in 32 bits.
        guard n * length <= Int(UInt32.max) else { return matchWithSeatPlans(problem) }
        var result = Matching(pupils: n)
        var heapStart = [Int](repeating: 0, count: m + 1)
        for s in 0..<m { heapStart[s + 1] = heapStart[s] + max(0, problem.capacity[s]) }
        var heapSize = [Int](repeating: 0, count: m)
        var heapKey = [PriorityKey](repeating: .ineligible(pupil: 0), count: heapStart[m])
        // Pupils who have not applied yet, as a stack popped from pupil 0 upwards: their lists and
        // keys are then read in memory order, which the hardware prefetches by itself.
        var free: [UInt32] = []
        free.reserveCapacity(n)
        for i in stride(from: n - 1, through: 0, by: -1) where problem.participates[i] { free.append(UInt32(i)) }
        // A rejected pupil's list and keys are somewhere random in memory, and reading them at once
        // would stall on cache misses at every rejection (most of the run's time). Instead their
        // lines are prefetched and the pupil waits in this ring (as the position rejected) while
        // others apply; deferred acceptance's outcome does not depend on the order of applications.
        let delay = Self.rejectedDelay
        var waitingPositions = [UInt32](repeating: 0, count: delay)

        problem.preferences.schools.withUnsafeBufferPointer { prefs in
        problem.priority.withUnsafeBufferPointer { keys in
        heapKey.withUnsafeMutableBufferPointer { heap in
        heapStart.withUnsafeBufferPointer { heapStart in
        heapSize.withUnsafeMutableBufferPointer { heapSize in
        free.withUnsafeBufferPointer { free in
        waitingPositions.withUnsafeMutableBufferPointer { ring in
            var top = free.count, head = 0, waiting = 0
            while true {
                var position: Int, end: Int
                if waiting == delay || (top == 0 && waiting > 0) {
                    let rejected = Int(ring[head])
                    head = (head + 1) & (delay - 1)
                    waiting -= 1
                    position = rejected + 1
                    end = (rejected / length + 1) * length
                    // The next to leave the ring will apply where its (prefetched) list says: start
                    // loading that school's lowest held applicant, which it is compared with.
                    if waiting > 0 {
                        let ahead = Int(ring[head]) + 1
                        if ahead < prefs.count, case let s = Int(prefs[ahead]), s >= 0 {
                            fp_prefetch(heap.baseAddress! + heapStart[s])
                        }
                    }
                } else if top > 0 {
                    top -= 1
                    position = Int(free[top]) * length
                    end = position + length
                    // Likewise the next pupil yet to apply: their list is read in memory order, but
                    // their first school's heap is anywhere.
                    if top > 0, case let s = Int(prefs[Int(free[top - 1]) * length]), s >= 0 {
                        fp_prefetch(heap.baseAddress! + heapStart[s])
                    }
                } else { break }
                while position < end {
                    let s = Int(prefs[position])
                    if s < 0 { break }
                    var key = keys[position]
                    key.pupil = UInt32(position)
                    position += 1
                    let base = heapStart[s], capacity = heapStart[s + 1] - base
                    if !key.isEligible || capacity == 0 { continue }
                    if heapSize[s] < capacity {
                        Self.push(key, heap: heap, base: base, size: &heapSize[s])
                        break
                    }
                    if key < heap[base] {
                        let rejected = Int(heap[base].pupil)
                        Self.replaceRoot(key, heap: heap, base: base, size: heapSize[s])
                        fp_prefetch(prefs.baseAddress! + rejected + 1)
                        fp_prefetch(keys.baseAddress! + rejected + 1)
                        ring[(head + waiting) & (delay - 1)] = UInt32(rejected)
                        waiting += 1
                        break
                    }
                }
            }
            // Who holds whom is read off the heaps once at the end rather than written at every
            // application: each held key carries the position i·L + r of its application.
            for s in 0..<m {
                for h in heapStart[s]..<(heapStart[s] + heapSize[s]) {
                    let position = Int(heap[h].pupil)
                    let i = position / length
                    result.school[i] = Int32(s); result.rank[i] = Int32(position - i * length)
                }
            }
        }
        }
        }
        }
        }
        }
        }
        return result
    }

    // A max-heap on PriorityKey: the root is the lowest-priority held applicant.

    @inline(__always)
    private static func push(_ key: PriorityKey, heap: UnsafeMutableBufferPointer<PriorityKey>, base: Int, size: inout Int) {
        var c = size
        size += 1
        while c > 0 {
            let parent = (c - 1) / 2
            if heap[base + parent] < key {
                heap[base + c] = heap[base + parent]
                c = parent
            } else { break }
        }
        heap[base + c] = key
    }

    @inline(__always)
    private static func replaceRoot(_ key: PriorityKey, heap: UnsafeMutableBufferPointer<PriorityKey>, base: Int, size: Int) {
        var c = 0
        while true {
            let left = 2 * c + 1
            if left >= size { break }
            var child = left
            if left + 1 < size && heap[base + left] < heap[base + left + 1] { child = left + 1 }
            if key < heap[base + child] {
                heap[base + c] = heap[base + child]
                c = child
            } else { break }
        }
        heap[base + c] = key
    }
}
