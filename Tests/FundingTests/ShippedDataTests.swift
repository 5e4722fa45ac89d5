import Foundation
import Testing
import FairPlacesCore
import Funding
import Metrics
import Simulation
import Reports
@testable import ScenarioLoading

/// The shipped parameter sets state a source and status for every value, `Data/README.md` lists the
/// unverified ones, and the worked example runs end to end with consistent outputs.
@Suite struct ShippedDataTests {
    static let folder = repositoryRoot.appendingPathComponent("Data/funding")

    static func shippedSets() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func theShippedSetsAreFound() {
        #expect(Self.shippedSets().contains("nff-2024-25.yaml"))
        #expect(Self.shippedSets().contains("nff-2025-26.yaml"))
    }

    @Test(arguments: shippedSets())
    func everyValueHasASourceAndAStatus(name: String) throws {
        let path = Self.folder.appendingPathComponent(name).path
        let values = try FundingParametersFile.read(try FundingParametersFile.parse(path: path))
        #expect(!values.entries.isEmpty)
        for (key, entry) in values.entries {
            #expect(!(entry.source ?? "").isEmpty, "\(name): \(key) has no source")
            #expect(entry.status != nil, "\(name): \(key) has no status")
        }
        // Every value in the vocabulary is stated, so nothing is silently missing from a shipped set.
        #expect(Set(values.entries.keys) == Set(FundingParametersFile.valueNames), "\(name)")
        _ = try FundingParametersFile.load(path: path)
    }

    @Test(arguments: shippedSets())
    func unverifiedValuesAreListedInTheDataReadme(name: String) throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("Data/README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Funding parameter sets").map { String(readme[$0.lowerBound...]) })
        let values = try FundingParametersFile.read(try FundingParametersFile.parse(path: Self.folder.appendingPathComponent(name).path))
        let year = String(name.dropFirst(4).dropLast(5))  // nff-2024-25.yaml → 2024-25
        for (key, entry) in values.entries where entry.status == "unverified" {
            // The README's table has one row per value name with the years it is unverified in.
            let row = section.split(separator: "\n").first { $0.hasPrefix("| `\(key)` ") }
            #expect(row != nil, "Data/README.md lists no row for unverified '\(key)' (\(name))")
            #expect(row?.contains(year) == true, "Data/README.md's row for '\(key)' does not name \(year)")
        }
    }

    // MARK: The worked example

    static func run(_ scenario: String, replications: Int = 2) throws -> SimulationResult {
        var loaded = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("Scenarios/\(scenario)").path)
        loaded.spec.replications = replications
        return Simulator(spec: loaded.spec).run(threads: 2)
    }

    @Test func selectiveCountyFundingIsConsistent() throws {
        let result = try Self.run("selective-county-funding.yaml")
        let index = Dictionary(uniqueKeysWithValues: result.keys.enumerated().map { ($1, $0) })
        let lines = FundingContext.lines(for: result.spec.funding!)
        for (r, values) in result.replications.enumerated() {
            var regionTotal = 0.0
            for school in result.spec.region.schools {
                // Each school's lines add up to its total.
                let sum = lines.reduce(0.0) { $0 + values[index[MetricKey(.school, "funding", category: $1.name, unit: school.id)]!]! }
                let total = values[index[MetricKey(.school, "funding_total", unit: school.id)]!]!
                #expect(abs(sum - total) < 1e-6 * max(1, total), "replication \(r + 1), \(school.id)")
                regionTotal += total
                // The basic entitlement pays for every pupil admitted.
                let intake = values[index[MetricKey(.school, "intake", unit: school.id)]!]!
                #expect(values[index[MetricKey(.school, "funding_eligible", category: "basic_entitlement_ks3", unit: school.id)]!] == intake)
            }
            let region = values[index[MetricKey(.region, "funding_total")]!]!
            #expect(abs(region - regionTotal) < 1e-6 * region)
        }
        // Grammar schools admit fewer disadvantaged pupils: less deprivation funding per pupil.
        let selective = try #require(result.summary(MetricKey(.region, "funding_deprivation_per_pupil", unit: "selective=selective")))
        let other = try #require(result.summary(MetricKey(.region, "funding_deprivation_per_pupil", unit: "selective=non_selective")))
        #expect(selective.mean < other.mean)

        let files = OutputFiles(result: result, scenarioFile: "x", description: "", includePupils: false)
        let csv = try #require(files.files.first { $0.name == "funding.csv" }?.contents)
        let rows = csv.split(separator: "\n")
        // Header, per school: every line plus total and per_pupil, then the region's.
        let blocks = result.spec.region.schools.count + 1, perBlock = lines.count + 2
        #expect(rows.count == 1 + blocks * perBlock)
        #expect(rows[0].hasPrefix("scope,school_id,name,type,selective,line,kind,parameter,eligible_mean"))
        #expect(OutputFiles.knownNames.contains("funding.csv"))
    }

    @Test func comprehensiveVariantHasTheSamePupilsAndNoSelection() throws {
        let a = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("Scenarios/selective-county-funding.yaml").path).spec
        let b = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("Scenarios/comprehensive-county-funding.yaml").path).spec
        #expect(a.region.pupils == b.region.pupils)
        #expect(a.region.schools.map(\.id) == b.region.schools.map(\.id))
        #expect(a.region.schools.filter(\.isSelective).count == 4)
        #expect(b.region.schools.filter(\.isSelective).isEmpty)
        #expect(b.funding?.parameters == a.funding?.parameters)
        #expect(b.funding?.yearGroups == a.funding?.yearGroups)
        #expect(b.funding?.compareTo == repositoryRoot.appendingPathComponent("Scenarios/selective-county-funding.yaml").standardizedFileURL.path)
        #expect(a.funding?.compareTo == nil)
    }

    @Test func comparisonIsPairedAndLineChangesAddUpToTheTotalChange() throws {
        let base = try Self.run("selective-county-funding.yaml", replications: 3)
        var loaded = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("Scenarios/comprehensive-county-funding.yaml").path)
        loaded.spec.replications = 3
        loaded.spec.seed = base.spec.seed
        let variant = Simulator(spec: loaded.spec).run(threads: 1)
        let csv = FundingComparison.csv(base: base, variant: variant)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let lineCount = FundingContext.lines(for: variant.spec.funding!).count
        #expect(rows.count == variant.spec.region.schools.count * (lineCount + 3))
        for school in variant.spec.region.schools {
            let mine = rows.filter { $0[0] == school.id }
            let lines = mine.prefix(lineCount)
            let total = try #require(mine.first { $0[4] == "total" })
            // Columns: 5 base_mean, 6 mean, 7 change_mean. All pupils are placed in every replication
            // and every figure is defined, so the mean change is the change of the means.
            let change = Double(total[7])!
            #expect(abs(change - (Double(total[6])! - Double(total[5])!)) < 1e-6 * max(1, abs(change)))
            let sum = lines.reduce(0.0) { $0 + Double($1[7])! }
            #expect(abs(sum - change) < 1e-6 * max(1, abs(change)), "\(school.id): lines change by \(sum), total by \(change)")
        }
        // The grammar schools turned comprehensive gain low-prior-attainment and deprivation funding.
        let g1 = rows.filter { $0[0] == "G1" }
        #expect(g1.first { $0[4] == "low_prior_attainment" }.map { Double($0[7])! > 0 } == true)
        #expect(g1.first { $0[4] == "fsm6" }.map { Double($0[7])! > 0 } == true)
        #expect(g1.first { $0[2] == "grammar" && $0[3] == "community" } != nil)
    }

    @Test func fundingAddsFiguresWithoutChangingOthers() throws {
        var loaded = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("Scenarios/selective-county-funding.yaml").path)
        let with = Simulator(spec: loaded.spec).replication(1, collectKeys: true)
        loaded.spec.funding = nil
        let without = Simulator(spec: loaded.spec).replication(1, collectKeys: true)
        let n = without.values.count
        #expect(with.keys!.prefix(n).elementsEqual(without.keys!))
        #expect(with.values.prefix(n).elementsEqual(without.values, by: ==))
        #expect(with.keys!.count > n)
        #expect(!without.keys!.contains { $0.metric.hasPrefix("funding") })
    }
}
