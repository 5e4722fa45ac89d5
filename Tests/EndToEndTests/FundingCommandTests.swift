import Foundation
import TestSupport
import Testing

/// `fairplaces run` with a funding section writes funding.csv, and with `compare_to` the paired
/// comparison against its base (issue #5).
@Suite struct FundingCommandTests {
    @Test func fundingOutputsAndComparison() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let r = try runFairplaces(["run", scenariosFolder.appendingPathComponent("comprehensive-county-funding.yaml").path,
                                   "--out", out, "--replications", "2"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("Funding (NFF 2024-25"))
        #expect(r.stdout.contains("Funding against"))
        let funding = try String(contentsOfFile: "\(out)/funding.csv", encoding: .utf8)
        #expect(funding.hasPrefix("scope,school_id,name,type,selective,line,kind,parameter"))
        let comparison = try String(contentsOfFile: "\(out)/funding-comparison.csv", encoding: .utf8)
        #expect(comparison.hasPrefix("school_id,name,base_type,type,line,base_mean,mean,change_mean"))
        #expect(comparison.contains("G1,Maidford School (was grammar),grammar,community,low_prior_attainment,"))
        // The per-school funding columns reach schools.csv.
        let schools = try String(contentsOfFile: "\(out)/schools.csv", encoding: .utf8)
        #expect(schools.split(separator: "\n")[0].contains("funding_total_mean"))
    }

    @Test func withoutFundingNoFundingFiles() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        // A stale funding.csv from an earlier run in the same folder is removed.
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "stale".write(toFile: "\(out)/funding.csv", atomically: true, encoding: .utf8)
        let r = try runFairplaces(["run", scenariosFolder.appendingPathComponent("comprehensive-town.yaml").path,
                                   "--out", out, "--replications", "1", "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/funding.csv"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/funding-comparison.csv"))
    }
}
