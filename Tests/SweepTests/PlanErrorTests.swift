import Foundation
import Testing
import ScenarioLoading

@Suite("Sweep plan errors name the file, line and field")
struct PlanErrorTests {
    func error(_ plan: String) throws -> ScenarioError? {
        let folder = try temporaryFolder()
        _ = try writeSmallPlan(in: folder)
        let path = try write(plan, to: folder, "bad.yaml")
        do {
            let p = try SweepPlan.load(path: path)
            try p.check()
            return nil
        } catch let e as ScenarioError {
            #expect(e.file == path)
            return e
        }
    }

    @Test("An unknown field in the plan")
    func unknownField() throws {
        let e = try #require(try error("""
            scenario: town.yaml
            parameters:
              share:
                path: preferences.list_length
                valuse: [1, 2]
            """))
        #expect(e.line == 5 && e.field == "parameters.share.valuse" && e.message.contains("unknown field 'valuse'"))
    }

    @Test("A path into a list item the scenario does not have")
    func pathOutOfRange() throws {
        let e = try #require(try error("""
            scenario: town.yaml
            parameters:
              pan:
                path: schools.list[0].pan
                values: [100]
            """))
        #expect(e.line == 4 && e.field == "parameters.pan.path" && e.message.contains("not a list"))
        let f = try #require(try error("""
            scenario: town.yaml
            parameters:
              criteria:
                path: admissions.default.criteria[5]
                values: [sibling]
            """))
        #expect(f.line == 4 && f.message.contains("has 2 item(s)"))
    }

    @Test("A value the scenario rejects is reported at the plan's line with the scenario's field")
    func badValue() throws {
        let e = try #require(try error("""
            scenario: town.yaml
            parameters:
              length:
                path: preferences.list_length
                values: [2, 3,
                         -4]
            """))
        #expect(e.line == 6 && e.field == "preferences.list_length" && e.message.contains("-4"))
        let m = try #require(try error("""
            scenario: town.yaml
            parameters:
              rules:
                sets:
                  a: {admissions.mechanism: deferred_acceptance}
                  b: {admissions.mechanism: bostn}
            """))
        #expect(m.line == 6 && m.field == "admissions.mechanism" && m.message.contains("unknown value 'bostn'"))
    }

    @Test("With several bad values, the first in the plan's order is reported, on any number of threads")
    func firstBadValueOnAnyThreads() throws {
        let folder = try temporaryFolder()
        _ = try writeSmallPlan(in: folder)
        let path = try write("""
            scenario: town.yaml
            seeds: [1, 2]
            parameters:
              length:
                path: preferences.list_length
                values: [2, -4, 30, 0]
            """, to: folder, "two-bad.yaml")
        let plan = try SweepPlan.load(path: path)
        #expect(plan.checkedRuns == [0, 2, 4, 6])
        for threads in [1, 2, 3, 2, 2, 4] {
            do {
                try plan.check(threads: threads)
                Issue.record("expected an error")
            } catch let e as ScenarioError {
                #expect(e.line == 6 && e.field == "preferences.list_length" && e.message.hasSuffix("got -4"), "\(threads) threads: \(e)")
            }
        }
    }

    @Test("Seeds, ranges and a missing scenario")
    func otherErrors() throws {
        let s = try #require(try error("scenario: town.yaml\nseeds: [1, 2, 1]\n"))
        #expect(s.line == 2 && s.field == "seeds[2]" && s.message.contains("listed twice"))
        let r = try #require(try error("""
            scenario: town.yaml
            parameters:
              x:
                path: schools.generate.surplus
                range: {from: 0, to: 0.3, step: 0}
            """))
        #expect(r.line == 5 && r.field == "parameters.x.range.step")
        let tiny = try #require(try error("""
            scenario: town.yaml
            parameters:
              x:
                path: schools.generate.surplus
                range: {from: 1000, to: 1000.000001, step: 0.0000000001}
            """))
        #expect(tiny.line == 5 && tiny.field == "parameters.x.range.step" && tiny.message.contains("(1000 twice)"))
        let m = try #require(try error("scenario: nowhere.yaml\n"))
        #expect(m.line == 1 && m.field == "scenario" && m.message.contains("does not exist"))
        let b = try #require(try error("scenario: town.yaml\nparameters:\n  x: {path: 'a..b', values: [1]}\n"))
        #expect(b.line == 3 && b.message.contains("not a field path"))
    }
}

@Suite("Sweep values that would change nothing are errors before any run")
struct UnsweptFieldTests {
    func error(_ plan: String) throws -> ScenarioError? {
        let folder = try temporaryFolder()
        _ = try writeSmallPlan(in: folder)
        let path = try write(plan, to: folder, "bad.yaml")
        do { try SweepPlan.load(path: path).check(); return nil } catch let e as ScenarioError { return e }
    }

    @Test("The seed, planning, compare_to, outputs, and replications when the plan sets them")
    func unswept() throws {
        let seed = try #require(try error("scenario: town.yaml\nparameters:\n  s:\n    path: seed\n    values: [-3, 4]\n"))
        #expect(seed.line == 4 && seed.field == "parameters.s.path" && seed.message == "a parameter cannot set seed: each run's seed comes from the plan's seeds")
        let planning = try #require(try error("scenario: town.yaml\nparameters:\n  p:\n    sets:\n      a: {planning.years: 3}\n"))
        #expect(planning.line == 5 && planning.message.hasPrefix("a parameter cannot set planning: "))
        let compare = try #require(try error("scenario: town.yaml\nparameters:\n  c:\n    path: funding.compare_to\n    values: [x.yaml]\n"))
        #expect(compare.line == 4 && compare.message.hasPrefix("a parameter cannot set funding.compare_to"))
        let replications = try #require(try error("scenario: town.yaml\nreplications: 2\nparameters:\n  r:\n    path: replications\n    values: [1, 3]\n"))
        #expect(replications.line == 5 && replications.message.contains("the plan's replications: sets it"))
        // Without the plan's replications, replications is an ordinary field to vary.
        #expect(try error("scenario: town.yaml\nparameters:\n  r:\n    path: replications\n    values: [1, 2]\n") == nil)
        let reserved = try #require(try error("scenario: town.yaml\nparameters:\n  seed:\n    path: preferences.list_length\n    values: [1]\n"))
        #expect(reserved.line == 3 && reserved.message.contains("names a column of the results"))
    }
}
