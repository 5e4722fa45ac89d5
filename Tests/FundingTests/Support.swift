import Foundation
import Testing
import FairPlacesCore
import Funding
import ScenarioLoading
import TestSupport

/// One pupil of a hand-built region, with the attributes funding reads.
struct FundedPupil {
    var home = Point(x: 1, y: 1)
    var fsm = false
    var fsm6 = false
    /// National IDACI rank fraction of the home area (0 = most deprived); the score follows the curve.
    var rank = 0.9
    var attainment = 0.5
    var eal = false
    var lookedAfter = false
}

func school(_ id: String, type: SchoolType = .community, at location: Point = Point(x: 0, y: 0), pan: Int = 100,
            selective: Bool = false) -> School {
    var arrangements = AdmissionArrangements()
    if selective { arrangements.selection = Selection() }
    return School(id: id, name: "School \(id)", location: location, type: type, pan: pan, arrangements: arrangements)
}

func region(_ list: [FundedPupil], schools: [School]) -> Region {
    var pupils = Pupils(reservingCapacity: list.count)
    for (i, p) in list.enumerated() {
        pupils.append(id: "P\(i + 1)", home: p.home, fsm: p.fsm, idaciScore: IDACICurve.score(atRankFraction: p.rank),
                      idaciDecile: IDACICurve.decile(atRankFraction: p.rank), attainment: p.attainment,
                      lookedAfter: p.lookedAfter, fsm6: p.fsm6, eal: p.eal)
    }
    return Region(pupils: pupils, schools: schools)
}

/// Round amounts, easy to add up by hand; bands as shipped (A ends at 2.5% … F at 37.5%).
func roundParameters(minimum: Double? = nil, aca: Double = 1, lumpSum: Double? = 100_000) -> FundingParameters {
    var amounts: [FundingFactor: Double] = [
        .basicEntitlementKS3: 5000, .fsm: 500, .fsm6: 1000,
        .idaciA: 900, .idaciB: 800, .idaciC: 700, .idaciD: 600, .idaciE: 500, .idaciF: 400,
        .lowPriorAttainment: 1700, .eal: 1500, .mobility: 1300,
        .pupilPremiumEver6: 1000, .pupilPremiumLookedAfter: 2500,
    ]
    if let lumpSum { amounts[.lumpSum] = lumpSum }
    return FundingParameters(name: "round", amounts: amounts, minimumPerPupil: minimum, areaCostAdjustment: aca,
                             idaciBandEnds: [0.025, 0.075, 0.125, 0.175, 0.275, 0.375], lowPriorAttainmentShare: 0.41)
}

/// Budgets of `region` when pupil i attends `attends[i]`.
func budgets(_ region: Region, _ spec: FundingSpec, _ attends: [Int32]) -> (FundingContext, FundingBudgets) {
    let context = FundingContext(region: region, spec: spec)
    return (context, FundingBudgets(context: context, school: attends))
}

/// The amount of a named line at school s.
func amount(_ c: FundingContext, _ b: FundingBudgets, _ s: Int, _ line: FundingLine) -> Double? {
    c.lines.firstIndex(of: line).map { b.amount(school: s, line: $0) }
}

/// The repository root, found from this source file.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fresh temporary folder with the given files; removed by `remove()`.
struct Folder {
    let url: URL
    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-funding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).standardizedFileURL.path }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Loads `scenario.yaml` from `files`, expecting a `ScenarioError` at `file` (default the scenario),
/// `line` and `field`, whose message holds every fragment. `marker` must be on that line of that
/// file: it guards the line number written in the test.
@discardableResult
func expectLoadError(_ files: [String: String], file: String = "scenario.yaml", line: Int, marker: String,
                     field: String, message fragments: [String],
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> ScenarioError? {
    let folder = try Folder(files)
    defer { folder.remove() }
    let lines = (files[file] ?? "").components(separatedBy: "\n")
    #expect(line >= 1 && line <= lines.count && lines[line - 1].contains(marker),
            "fixture self-check: line \(line) of \(file) should contain '\(marker)'", sourceLocation: sourceLocation)
    do {
        _ = try ScenarioLoader.load(path: folder.path("scenario.yaml"))
        Issue.record("expected an error, but the scenario loaded", sourceLocation: sourceLocation)
        return nil
    } catch let error as ScenarioError {
        #expect(error.file == folder.path(file), "\(error)", sourceLocation: sourceLocation)
        #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
        #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error.message.contains(fragment), "'\(error.message)' should contain '\(fragment)'", sourceLocation: sourceLocation)
        }
        return error
    }
}

/// A small synthetic scenario with funding; `funding` is the YAML under `funding:`.
func synthetic(funding: String, pupils: Int = 200) -> String {
    """
    name: funded
    seed: 5
    region:
      synthetic: {width_km: 10, height_km: 10, pupils: \(pupils), town_count: 1}
    schools:
      list:
        - {id: S1, location_km: [3, 3], pan: \(pupils)}
        - {id: S2, type: academy, location_km: [7, 7], pan: \(pupils)}
    funding:
    \(funding)
    """
}
