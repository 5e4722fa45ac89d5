import Foundation
import TestSupport
import Testing
@testable import Comparison
import Reports
import ScenarioLoading
import Simulation
import Metrics
import FairPlacesCore

/// The repository's Scenarios folder.
let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Scenarios")

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-compare-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func write(_ text: String, to folder: URL, _ name: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

func load(_ name: String, replications: Int = 3) throws -> SimulationSpec {
    var spec = try ScenarioLoader.load(path: scenarios.appendingPathComponent(name).path).spec
    spec.replications = replications
    return spec
}

@Suite("Policy comparison on common random numbers")
struct ComparisonTests {
    @Test("A variant identical to its base differs by exactly zero in every figure, and nobody moves")
    func identicalVariant() throws {
        let base = try load("comprehensive-town.yaml")
        let same = try load("comprehensive-town.yaml")
        let c = try PolicyComparison.run(base: base, variants: [.init(name: "same", spec: same)], threads: 2)
        let v = try #require(c.variants.first)
        #expect(v.differences.count == c.base.keys.count)
        var defined = 0
        for d in v.differences {
            #expect(d.base?.mean == d.variant?.mean)
            guard let diff = d.difference else { continue }
            defined += 1
            #expect(diff.mean == 0 && diff.ciLow == 0 && diff.ciHigh == 0 && diff.sd == 0, "\(d.key)")
            #expect(diff.n == 3)
        }
        #expect(defined > 100)
        for m in v.movers {
            // Nobody moves, so there is nobody to call better, level or worse off: the split counts movers only.
            #expect(m.moved?.mean == 0 && m.movedBetter?.mean == 0 && m.movedWorse?.mean == 0 && m.movedSame?.mean == 0, "\(m.group)")
        }
        #expect(v.movers.first { $0.group == "all" }?.pupils == 2000)
        // The groups partition the cohort twice over: FSM status, and IDACI quintiles.
        let pupils = Dictionary(uniqueKeysWithValues: v.movers.map { ($0.group, $0.pupils) })
        #expect(pupils["fsm"]! + pupils["non_fsm"]! == 2000)
        #expect((1...5).map { pupils["idaci_quintile_\($0)"]! }.reduce(0, +) == 2000)
    }

    @Test("Variants that change only admission rules share the base's region exactly")
    func sameRegion() throws {
        let a = try load("comprehensive-town.yaml").region.pupils
        let b = try load("first-preference-first.yaml").region.pupils
        #expect(a.ids == b.ids && a.homeX == b.homeX && a.homeY == b.homeY && a.fsm == b.fsm)
        #expect(a.idaciScore == b.idaciScore && a.attainment == b.attainment && a.siblingSchool == b.siblingSchool)
        let c = try PolicyComparison.run(base: try load("comprehensive-town.yaml"),
                                         variants: [.init(name: "fpf", spec: try load("first-preference-first.yaml"))], threads: 1)
        // First preference first offers more first preferences than equal preference in this town.
        let d = try #require(c.variants[0].differences.first { $0.key == MetricKey(.region, "first_preference_share") }?.difference)
        #expect(d.mean > 0 && d.ciLow > 0)
    }

    @Test("The result does not depend on the number of threads")
    func threadIndependent() throws {
        let run = { (threads: Int) in
            try PolicyComparison.run(base: try load("comprehensive-town.yaml"),
                                     variants: [.init(name: "fpf", spec: try load("first-preference-first.yaml"))], threads: threads)
        }
        let one = try run(1), two = try run(2)
        #expect(one.variants[0].differences.map(\.difference) == two.variants[0].differences.map(\.difference))
        #expect(one.variants[0].movers.map(\.moved) == two.variants[0].movers.map(\.moved))
        #expect(one.variants[0].movers.map(\.movedWorse) == two.variants[0].movers.map(\.movedWorse))
        // The comparison's own files, byte for byte.
        func files(_ c: PolicyComparison) -> [String] {
            ComparisonFiles(comparison: c, base: .init(name: "base", scenarioFile: "", description: ""),
                            variants: [.init(name: "fpf", scenarioFile: "", description: "")], includePupils: false).files.map(\.contents)
        }
        #expect(files(one) == files(two))
    }

    @Test("A variant with other pupils is refused with a clear reason")
    func differentPupils() throws {
        let folder = try temporaryFolder()
        let path = try write("""
            extends: \(scenarios.appendingPathComponent("comprehensive-town.yaml").path)
            name: Smaller town
            region: {synthetic: {pupils: 1500}}
            """, to: folder, "smaller.yaml")
        let variant = try ScenarioLoader.load(path: path).spec
        #expect {
            try PolicyComparison.run(base: try load("comprehensive-town.yaml"), variants: [.init(name: "smaller", spec: variant)], threads: 1)
        } throws: { error in
            let text = "\(error)"
            return text.contains("'smaller' has 1500 pupils and the base 2000") && text.contains("same pupils")
        }
    }

    /// Two schools on a line, three pupils who all list A then B. A has one place. By distance, the
    /// nearest pupil (P1, not FSM) gets A; with pupil-premium priority, the FSM pupil P2 gets it and
    /// P1 goes to B. P3 is at B either way.
    @Test("A hand-worked case: paired differences, school changes and movers")
    func handWorked() throws {
        let folder = try temporaryFolder()
        _ = try write("""
            id,x_km,y_km,pan,name
            A,0,0,1,Alpha
            B,10,0,2,Beta
            """, to: folder, "schools.csv")
        _ = try write("""
            id,x_km,y_km,fsm,preferences
            P1,1,0,0,A;B
            P2,2,0,1,A;B
            P3,3,0,0,A;B
            """, to: folder, "pupils.csv")
        let basePath = try write("""
            name: Distance
            seed: 3
            replications: 2
            region: {files: {pupils: pupils.csv}}
            schools: {file: schools.csv}
            admissions: {default: {criteria: [looked_after], tie_break: distance}}
            preferences: {source: stated, list_length: 2}
            """, to: folder, "base.yaml")
        let variantPath = try write("""
            extends: base.yaml
            name: Pupil premium first
            admissions: {default: {criteria: [looked_after, pupil_premium]}}
            """, to: folder, "variant.yaml")
        let base = try ScenarioLoader.load(path: basePath), variant = try ScenarioLoader.load(path: variantPath)
        let c = try PolicyComparison.run(base: base.spec, variants: [.init(name: variant.spec.name, spec: variant.spec)], threads: 2)
        let v = c.variants[0]
        func diff(_ key: MetricKey) -> PolicyComparison.Difference? { v.differences.first { $0.key == key } }
        let fsmA = try #require(diff(MetricKey(.school, "share", attribute: "fsm", category: "fsm", unit: "A")))
        #expect(fsmA.base?.mean == 0 && fsmA.variant?.mean == 1 && fsmA.difference?.mean == 1)
        #expect(fsmA.difference?.ciLow == 1 && fsmA.difference?.ciHigh == 1 && fsmA.difference?.n == 2)
        #expect(diff(MetricKey(.school, "share", attribute: "fsm", category: "fsm", unit: "B"))?.difference?.mean == -0.5)
        #expect(diff(MetricKey(.school, "intake", unit: "A"))?.difference?.mean == 0)
        #expect(diff(MetricKey(.region, "first_preference_share"))?.difference?.mean == 0)
        #expect(diff(MetricKey(.region, "first_preference_share", attribute: "fsm", category: "fsm"))?.difference?.mean == 1)
        let movers = Dictionary(uniqueKeysWithValues: v.movers.map { ($0.group, $0) })
        let all = try #require(movers["all"]), fsm = try #require(movers["fsm"]), other = try #require(movers["non_fsm"])
        // P2 moves up (B → A, her first), P1 down (A → B); P3 stays at B and is in no mover count.
        #expect(all.pupils == 3 && all.moved?.mean == 2 && all.movedBetter?.mean == 1
                && all.movedWorse?.mean == 1 && all.movedSame?.mean == 0)
        #expect(abs(all.movedPercent!.mean - 200.0 / 3) < 1e-12)
        #expect(fsm.pupils == 1 && fsm.moved?.mean == 1 && fsm.movedBetter?.mean == 1 && fsm.movedWorse?.mean == 0)
        #expect(other.pupils == 2 && other.moved?.mean == 1 && other.movedWorse?.mean == 1 && other.movedSame?.mean == 0)

        // The files: school_changes.csv in percent, movers.csv, and a normal run folder per policy.
        let files = ComparisonFiles(comparison: c, base: .init(name: base.spec.name, scenarioFile: basePath, description: ""),
                                    variants: [.init(name: variant.spec.name, scenarioFile: variantPath, description: "")],
                                    includePupils: false)
        let out = folder.appendingPathComponent("out")
        try files.write(to: out.path)
        let changes = try String(contentsOf: out.appendingPathComponent("school_changes.csv"), encoding: .utf8)
        #expect(changes.contains("\npupil-premium-first,A,Alpha,1,1,0,0,100,100,"))
        #expect(changes.contains("\npupil-premium-first,B,Beta,2,2,0,50,0,-50,"))
        let moversCSV = try String(contentsOf: out.appendingPathComponent("movers.csv"), encoding: .utf8)
        #expect(moversCSV.hasPrefix("variant,group,pupils,moved,moved_pct,moved_better,moved_same,moved_worse,"))
        #expect(moversCSV.contains("\npupil-premium-first,all,3,2,66.66666666666667,1,0,1,"))
        for folder in ["base", "pupil-premium-first"] {
            for name in ["schools.csv", "metrics.csv", "metrics.json"] {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(folder)/\(name)").path))
            }
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("comparison.json"))) as! [String: Any]
        #expect((json["variants"] as! [[String: Any]])[0]["folder"] as? String == "pupil-premium-first")
        #expect(json["replications"] as? Int == 2)
        let staging = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".partial") }
        #expect(staging.isEmpty)
    }
}


extension ComparisonTests {
    /// A closure worked by hand. Schools on a line: A at 0 (3 places), B at 10 (2), C at 20 (3).
    /// Lists are stated; ties go to the nearer pupil. Base: P1, P2, P5 at A (first preferences),
    /// P3 at B, P4 at C. The variant closes A (PAN 0): B's applicants are P3 (1 km), P2 (8 km) and
    /// P1 (9 km), so P3 and P2 get B, P1 goes to C (her third); P5 listed only A, so she gets the
    /// nearest school with room, C (off her list). Every one of the three movers is worse off on
    /// her base list, and the two who stay count nowhere: 3 worse, 0 better, 0 level.
    @Test("Closing a school: every displaced pupil is counted worse, among the movers only")
    func closureMoversAreWorse() throws {
        let folder = try temporaryFolder()
        _ = try write("""
            id,x_km,y_km,pan,name
            A,0,0,3,Alpha
            B,10,0,2,Beta
            C,20,0,3,Gamma
            """, to: folder, "schools.csv")
        _ = try write("""
            id,x_km,y_km,pan,name
            A,0,0,0,Alpha
            B,10,0,2,Beta
            C,20,0,3,Gamma
            """, to: folder, "closed.csv")
        _ = try write("""
            id,x_km,y_km,fsm,preferences
            P1,1,0,0,A;B;C
            P2,2,0,1,A;B;C
            P3,11,0,0,B;A;C
            P4,21,0,1,C;B
            P5,1.5,0,0,A
            """, to: folder, "pupils.csv")
        let basePath = try write("""
            name: Three schools
            seed: 5
            replications: 3
            region: {files: {pupils: pupils.csv}}
            schools: {file: schools.csv}
            admissions: {default: {criteria: [looked_after], tie_break: distance}}
            preferences: {source: stated, list_length: 3}
            """, to: folder, "base.yaml")
        let variantPath = try write("""
            extends: base.yaml
            name: Alpha closed
            schools: {file: closed.csv}
            """, to: folder, "variant.yaml")
        let base = try ScenarioLoader.load(path: basePath).spec, variant = try ScenarioLoader.load(path: variantPath).spec
        for threads in [1, 2] {
            let c = try PolicyComparison.run(base: base, variants: [.init(name: "closed", spec: variant)], threads: threads)
            let movers = Dictionary(uniqueKeysWithValues: c.variants[0].movers.map { ($0.group, $0) })
            let all = try #require(movers["all"]), fsm = try #require(movers["fsm"]), other = try #require(movers["non_fsm"])
            #expect(all.pupils == 5 && all.moved?.mean == 3 && all.movedWorse?.mean == 3)
            #expect(all.movedBetter?.mean == 0 && all.movedSame?.mean == 0)
            // Every replication gives the same counts (stated lists, distance ties): an interval of width zero.
            #expect(all.movedWorse?.ciLow == 3 && all.movedWorse?.ciHigh == 3 && all.movedWorse?.n == 3)
            #expect(all.movedPercent?.mean == 60)
            #expect(fsm.pupils == 2 && fsm.moved?.mean == 1 && fsm.movedWorse?.mean == 1 && fsm.movedBetter?.mean == 0)
            #expect(other.pupils == 3 && other.moved?.mean == 2 && other.movedWorse?.mean == 2 && other.movedSame?.mean == 0)
            // The quintiles partition the movers as they partition the pupils.
            let quintiles = (1...5).compactMap { movers["idaci_quintile_\($0)"] }
            #expect(quintiles.map { $0.moved?.mean ?? 0 }.reduce(0, +) == 3)
            #expect(quintiles.map { $0.movedWorse?.mean ?? 0 }.reduce(0, +) == 3)
            let files = ComparisonFiles(comparison: c, base: .init(name: "Three schools", scenarioFile: basePath, description: ""),
                                        variants: [.init(name: "Alpha closed", scenarioFile: variantPath, description: "")],
                                        includePupils: false)
            let csv = try #require(files.files.first { $0.name == "movers.csv" }?.contents)
            // P5 alone goes to a school not on her base list (C, an administrative place); P1's C is her third.
            #expect(all.movedToUnlisted?.mean == 1 && fsm.movedToUnlisted?.mean == 0)
            #expect(csv.contains("\nalpha-closed,all,5,3,60,0,0,3,3,3,60,60,0,0,0,0,3,3,3,1,1,1\n"), "\(csv)")
        }
    }
}


@Suite("fairplaces compare")
struct CompareCommandTests {
    @Test("A comparison file runs, writes every output and prints the paired changes")
    func comparisonFile() throws {
        let folder = try temporaryFolder()
        let file = try write("""
            base: \(scenarios.appendingPathComponent("comprehensive-town.yaml").path)
            variants: [\(scenarios.appendingPathComponent("first-preference-first.yaml").path)]
            replications: 2
            """, to: folder, "compare.yaml")
        let out = folder.appendingPathComponent("out").path
        let r = try runFairplaces(["compare", file, "--out", out, "--threads", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("pupils changing school") && r.stdout.contains("2 paired replications"))
        for name in ComparisonFiles.topLevelNames + ["base/metrics.csv", "comprehensive-town-first-preference-first/schools.csv"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name)")
        }
        let differences = try String(contentsOfFile: "\(out)/differences.csv", encoding: .utf8)
        #expect(differences.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix(",2") || $0.hasSuffix(",0") })
    }

    @Test("A mistake in a comparison file names its file, line and field; nothing is written")
    func badComparisonFile() throws {
        let folder = try temporaryFolder()
        let file = try write("base: nowhere.yaml\nvariants: []\n", to: folder, "compare.yaml")
        let out = folder.appendingPathComponent("out").path
        let r = try runFairplaces(["compare", file, "--out", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("compare.yaml:1:7: base: the scenario"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let unknown = try write("base: a.yaml\nvariant: [b.yaml]\n", to: folder, "typo.yaml")
        #expect(try runFairplaces(["compare", unknown]).stderr.contains("typo.yaml:2:1: variant: unknown field 'variant'"))
    }
}

/// Where a school stands on a base list, worked by hand: pupil 0 listed school 2 then school 0
/// (list length 3, one slot empty); pupil 1 listed nothing.
@Suite("Standing on the base list")
struct StandingTests {
    @Test("Listed schools by rank, then any unlisted school (level with each other), then no place")
    func standingOnTheBaseList() {
        let lists = PreferenceLists(length: 3, schools: [2, 0, -1, -1, -1, -1])
        #expect(MoverGroups.standing(of: 2, pupil: 0, on: lists) == 0)
        #expect(MoverGroups.standing(of: 0, pupil: 0, on: lists) == 1)
        // School 1 is not on the list, nor is a school only the variant has (-2): both below every listed school, level.
        #expect(MoverGroups.standing(of: 1, pupil: 0, on: lists) == 3)
        #expect(MoverGroups.standing(of: -2, pupil: 0, on: lists) == 3)
        // No place is below any place.
        #expect(MoverGroups.standing(of: -1, pupil: 0, on: lists) == 4)
        #expect(MoverGroups.standing(of: 0, pupil: 1, on: lists) == 3)
    }
}
