import Foundation
import Testing
import TestSupport
import ScenarioLoading
import Simulation
import Reports
import FairPlacesCore

/// Chances per home area and school (`Simulation/Chances.swift`), against cases worked by hand.
@Suite struct ChancesTests {
    static func load(_ files: [String: String]) throws -> LoadedScenario {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-chances-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return try ScenarioLoader.load(path: dir.appendingPathComponent("scenario.yaml").path)
    }

    /// Two schools on a line: A at 0 km (1 place), B at 10 km (2 places); distance decides.
    /// Area X: P1 at 1 km and P2 at 2 km, both listing A then B. Area Y: P3 at 9 km listing B then A.
    /// Deferred acceptance: A holds P1 (nearer) and rejects P2, who goes to B with P3. A is full with
    /// its last offer at 1 km; B is full with its last offer to P2 at 8 km.
    /// Listing A first, P1 gets it (held) and P2 does not (2 km > 1 km): X's chance 1/2. Listing B
    /// first, P2 gets it (held) and P1 does not (9 km > 8 km): 1/2. Y: A no (9 km > 1 km), B yes.
    static let twoSchools: [String: String] = [
        "scenario.yaml": """
            replications: 4
            region:
              files: {pupils: pupils.csv}
            schools:
              list:
                - {id: A, location_km: [0, 0], pan: 1, arrangements: {criteria: []}}
                - {id: B, location_km: [10, 0], pan: 2, arrangements: {criteria: []}}
            """,
        "pupils.csv": "id,x_km,y_km,area,preferences\nP1,1,0,X,A;B\nP2,2,0,X,A;B\nP3,9,0,Y,B;A\n",
    ]

    @Test func handWorkedTwoSchools() throws {
        let spec = try Self.load(Self.twoSchools).spec
        let chances = try #require(Simulator(spec: spec).run(threads: 1, chances: true).chances)
        let x = spec.region.areas.firstIndex { $0.id == "X" }!, y = spec.region.areas.firstIndex { $0.id == "Y" }!
        #expect(chances.rounds == 4 && chances.areaPupils[x] == 2 && chances.areaPupils[y] == 1)
        #expect(chances.chanceIfFirst(area: x, school: 0)!.estimate == 0.5)
        #expect(chances.chanceIfFirst(area: x, school: 1)!.estimate == 0.5)
        #expect(chances.chanceIfFirst(area: y, school: 0)!.estimate == 0)
        #expect(chances.chanceIfFirst(area: y, school: 1)!.estimate == 1)
        #expect(chances.chanceAsListed(area: x, school: 0)!.estimate == 0.5)
        #expect(chances.chanceAsListed(area: y, school: 1)!.estimate == 1)
        // Both X pupils listed A first in each of 4 rounds; one was offered it each time.
        #expect(chances.listedFirst[x * 2 + 0] == 8 && chances.listedFirstOffered[x * 2 + 0] == 4)
        #expect(chances.lastDistance[0] == [1, 1, 1, 1] && chances.lastDistance[1] == [8, 8, 8, 8])
        // Wilson, k = 2 of n = 4 rounds, z = 1.959964 (by hand): centre (0.5 + z²/8)/(1 + z²/4) = 0.5,
        // half-width z·√(1/16 + z²/64)/(1 + z²/4) = 0.349965.
        let w = chances.chanceIfFirst(area: x, school: 0)!
        #expect(abs(w.low - 0.150035) < 1e-5 && abs(w.high - 0.849965) < 1e-5, "\(w)")
        // k = 4 of n = 4: low = (1 + z²/8 − z·√(z²/64))/(1 + z²/4) = 4/(4 + z²) = 0.510109; high = 1.
        let certain = chances.chanceIfFirst(area: y, school: 1)!
        #expect(abs(certain.low - 0.510109) < 1e-5 && certain.high == 1, "\(certain)")
        let csv = ChancesReport.chancesCSV(chances, region: spec.region)
        #expect(csv.contains("\nX,1.5,0,2,A,A,1,0.5,"), "\(csv)")
        let last = ChancesReport.lastOffersCSV(chances, region: spec.region)
        #expect(last.contains("\nB,B,2,4,4,8,8,8,8,8,other applicants,1\n"), "\(last)")
    }

    /// Area Z's families can reach only school C, which has room: certain, whatever the seed.
    @Test func onlyReachableSchoolWithRoomIsCertain() throws {
        let spec = try Self.load([
            "scenario.yaml": """
                replications: 25
                region:
                  files: {pupils: pupils.csv}
                schools:
                  list:
                    - {id: C, location_km: [0, 0], pan: 10, arrangements: {tie_break: random}}
                    - {id: D, location_km: [30, 0], pan: 1, arrangements: {tie_break: random}}
                """,
            "pupils.csv": "id,x_km,y_km,area,preferences\nZ1,1,0,Z,C\nZ2,1,1,Z,C\nZ3,0,1,Z,C\nW1,30,1,W,D\nW2,30,2,W,D\n",
        ]).spec
        let chances = try #require(Simulator(spec: spec).run(threads: 2, chances: true).chances)
        let z = spec.region.areas.firstIndex { $0.id == "Z" }!
        #expect(chances.chanceIfFirst(area: z, school: 0)!.estimate == 1)
        #expect(chances.chanceAsListed(area: z, school: 0)!.estimate == 1)
        #expect(chances.chanceIfFirst(area: z, school: 0)!.high == 1)
        #expect(chances.lastDistance[0].allSatisfy { $0 == nil })
        // D has one place for W's two families on a lottery: each round exactly one gets it, so W's
        // chance as listed is exactly 1/2 and so is its chance listing D first.
        let w = spec.region.areas.firstIndex { $0.id == "W" }!
        #expect(chances.chanceAsListed(area: w, school: 1)!.estimate == 0.5)
        #expect(chances.chanceIfFirst(area: w, school: 1)!.estimate == 0.5)
        let statement = ChancesReport.statement(area: z, chances: chances, region: spec.region)
        #expect(statement.hasPrefix("A child at Z listing C first was offered it in 100% of 25 simulated rounds (95% CI 87%–100%)"), "\(statement)")
    }

    /// A modelled town: chances are the same on one and two threads, the if-first chance of every
    /// pupil who did list a school first matches whether they got it (deferred acceptance is stable),
    /// and a run's other outputs are unchanged by tallying chances.
    @Test func deterministicAndConsistentOnAModelledTown() throws {
        var loaded = try ScenarioLoader.load(path: scenariosFolder.appendingPathComponent("catchment-council.yaml").path)
        loaded.spec.replications = 6
        let simulator = Simulator(spec: loaded.spec)
        let one = simulator.run(threads: 1, chances: true), two = simulator.run(threads: 2, chances: true)
        #expect(one.chances == two.chances)
        let plain = simulator.run(threads: 2)
        #expect(plain.replications.count == one.replications.count)
        for (a, b) in zip(plain.replications, one.replications) { #expect(a == b) }
        let c = try #require(one.chances)
        var listedAndOffered = 0
        for k in c.ifFirst.indices {
            #expect(c.listedFirstOffered[k] <= c.listedFirst[k])
            // Whoever listed a school first and got it would get it listing it first.
            #expect(c.listedFirstOffered[k] <= c.ifFirst[k])
            listedAndOffered += c.listedFirstOffered[k]
        }
        #expect(listedAndOffered > 0)
        for a in 0..<c.areas where c.areaPupils[a] > 0 {
            let total = (0..<c.schools).reduce(0) { $0 + c.asListed[a * c.schools + $1] }
            #expect(total <= c.areaPupils[a] * c.rounds)
        }
    }

    /// The command prints the hand-worked figures in words; `run --chances` writes the files.
    @Test func commandLine() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in Self.twoSchools { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let scenario = dir.appendingPathComponent("scenario.yaml").path
        let r = try runFairplaces(["chances", scenario, "--postcode", "x"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("A child at X listing A first was offered it in 50% of 4 simulated rounds (95% CI 15%–85%)"), "\(r.stdout)")
        #expect(r.stdout.contains("B was full in 4 of 4 rounds; its last offer went to a child 8.00 km away"), "\(r.stdout)")
        let unknown = try runFairplaces(["chances", scenario, "--postcode", "BN1 6AA"])
        #expect(unknown.status != 0 && unknown.stderr.contains("'BN1 6AA' is not a home area"), "\(unknown.stderr)")
        let out = dir.appendingPathComponent("out").path
        let run = try runFairplaces(["run", scenario, "--out", out, "--chances", "--quiet"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let csv = try String(contentsOfFile: "\(out)/chances.csv", encoding: .utf8)
        #expect(csv.hasPrefix(ChancesReport.chancesHeader + "\n") && csv.split(separator: "\n").count == 1 + 3)  // Y never lists A first and would not get it: no row
        #expect(FileManager.default.fileExists(atPath: "\(out)/last-offers.csv"))
    }

    /// Chances need a mechanism that admits by each school's priorities over its applicants.
    @Test func chancesUnderTopTradingCyclesAreRefusedAtTheField() throws {
        var files = Self.twoSchools
        files["scenario.yaml"] = files["scenario.yaml"]! + "\nadmissions: {mechanism: top_trading_cycles}\noutputs: {chances: true}\n"
        do {
            _ = try Self.load(files)
            Issue.record("expected an error")
        } catch let error as ScenarioError {
            #expect(error.field == "outputs.chances" && error.line == 9, "\(error)")
            #expect(error.message.contains("chances need deferred_acceptance or boston"), "\(error)")
        }
    }

    /// A postcode of the region with no pupil is answered for the nearest postcode with pupils, and
    /// says so. BN1 1AD (weight 0) lies 1 km east of BN1 1AC.
    @Test func postcodeWithoutPupilsFallsBackToTheNearest() throws {
        let spec = try Self.load([
            "scenario.yaml": """
                replications: 3
                region:
                  postcodes:
                    file: postcodes.csv
                    columns: {weight: kids}
                    cohort: 5
                schools:
                  list:
                    - {id: A, location_km: [531, 104], pan: 10}
                """,
            "postcodes.csv": "pcds,oseast1m,osnrth1m,kids,idaci_score,idaci_decile\nBN1 1AA,530000,104000,1,0.1,6\nBN1 1AB,531000,104000,2,0.2,4\nBN1 1AC,532000,104000,3,0.3,2\nBN1 1AD,533000,104000,0,0.4,1\n",
        ]).spec
        let chances = try #require(Simulator(spec: spec).run(threads: 1, chances: true).chances)
        let area = try #require(ChancesReport.area(named: "bn11ad", in: spec.region))
        #expect(spec.region.areas[area].id == "BN1 1AD" && chances.areaPupils[area] == 0)
        let text = ChancesReport.statement(area: area, chances: chances, region: spec.region)
        #expect(text.hasPrefix("No child of the simulated cohort lives at BN1 1AD; the nearest home area with pupils is BN1 1AC, 1.0 km away"), "\(text)")
        #expect(text.contains("A child at BN1 1AC listing A first was offered it in 100% of 3 simulated rounds"), "\(text)")
        #expect(text.contains("A had room for every applicant in all 3 rounds."), "\(text)")
    }
}
