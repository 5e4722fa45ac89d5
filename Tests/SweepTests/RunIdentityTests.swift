import Foundation
import Testing
import Sweeps
import ScenarioLoading

/// Run ids worked out outside Swift (Python: FNV-1a 64 over the key's UTF-8, SplitMix64's
/// finaliser, top bit cleared), for the small plan's runs with seed 1, in id order.
enum ExpectedIDs {
    static let table: [(id: Int64, key: String)] = [
        (199903878967765001, "list_length=1;tie_break=random;seed=1"),
        (1041485656201973168, "list_length=3;tie_break=distance;seed=1"),
        (2107003509876038631, "list_length=1;tie_break=distance;seed=1"),
        (3334227333936261012, "list_length=3;tie_break=random;seed=1"),
    ]
}

@Suite("A run is what it is, not where it is in the plan")
struct RunIdentityTests {
    @Test("Keys name the values and seed; ids are the hash worked out independently")
    func keysAndIDs() {
        let a = RunIdentity(parameters: [.init(name: "list_length", value: "1"), .init(name: "tie_break", value: "distance")], seed: 2)
        #expect(a.key == "list_length=1;tie_break=distance;seed=2" && a.id == 4386898719928612328)
        // Separators inside names and labels are escaped, so no two runs share a key.
        let b = RunIdentity(parameters: [.init(name: "a=b", value: "x;y")], seed: 0)
        #expect(b.key == #"a\=b=x\;y;seed=0"# && b.id == 2595865996967399735)
        #expect(RunIdentity(parameters: [], seed: UInt64.max).id == 2727859549295533881)
    }

    @Test("Adding seeds and values, even in the middle of a list, keeps every run's id")
    func growingKeepsIDs() throws {
        let folder = try temporaryFolder()
        let small = try SweepPlan.load(path: try writeSmallPlan(in: folder))
        let grown = try SweepPlan.load(path: try write("""
            name: Small sweep
            scenario: town.yaml
            seeds: [3, 1, 2, 4, 5]
            parameters:
              list_length:
                path: preferences.list_length
                values: [1, 2, 3]
              tie_break:
                path: admissions.default.tie_break
                values: [random, distance]
            """, to: folder, "grown.yaml"))
        let before = Set((0..<small.runCount).map { small.identity(run: $0).key })
        let after = Set((0..<grown.runCount).map { grown.identity(run: $0).key })
        #expect(before.count == 12 && after.count == 30 && before.isSubset(of: after))
        #expect(Set((0..<grown.runCount).map { grown.identity(run: $0).id }).count == 30)
        // Both plans mean the same by each label, so their runs are interchangeable.
        #expect(small.definition.incompatibility(with: grown.definition, mine: "a", theirs: "b") == nil)
    }
}
