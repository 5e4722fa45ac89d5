import Foundation
import Testing
@testable import ScenarioLoading
import FairPlacesCore
import Simulation

/// England's published data, read in place from `../shared/data/england` (never copied here).
enum EnglandData {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/england").standardizedFileURL.path
    static var available: Bool { FileManager.default.fileExists(atPath: folder + "/iod2019_lsoa11_england.csv") }
    static func path(_ name: String) -> String { folder + "/" + name }

    /// An England scenario for `authorities`, with the shared files' absolute paths.
    static func scenario(_ authorities: String, extra: String = "", postcodes: Bool = false) -> String {
        """
        name: England test
        seed: 7
        region:
          england:
            authorities: \(authorities)
            files:
              schools: \(path("schools_state_funded_secondary_england_2023.csv"))
              deprivation: \(path("iod2019_lsoa11_england.csv"))
              centroids: \(path("lsoa11_population_weighted_centroids.csv"))
              population: \(path("lsoa11_population_mid2019_age0to19.csv"))
        \(postcodes ? "      postcodes: \(path("la_subsets/postcodes_7la_codepoint_open_2025_10.csv"))\n" : "")\(extra)
        """
    }

    /// The 2019 districts of Kent (Data/README: E07000105–E07000116).
    static let kentDistricts = Set((105...116).map { "E07000\($0)" })
}

/// Importer tests on the real files. Expected counts were worked out separately, with Python's
/// csv module over the same files (see the comments), not with FairPlaces' readers.
@Suite(.enabled(if: EnglandData.available, "skipped: England's published data (../shared/data/england) is not present"))
struct EnglandRegionTests {
    /// Rows and columns of each file, and how schools are kept or left out.
    @Test func publishedFilesAreReadWhole() throws {
        let (schools, skipped) = try PublishedSchoolsFile.read(path: EnglandData.path("schools_state_funded_secondary_england_2023.csv"), mapping: [:])
        // Python: 3,444 rows, all "State-funded secondary"; 163 Selective; 6 without easting; 139 with Year 7 headcount 0.
        #expect(schools.count == 3_444 && skipped.notSecondary == 0)
        #expect(schools.filter { $0.admissionsPolicy == "Selective" }.count == 163)
        #expect(schools.filter { PublishedSchoolsFile.schoolType($0) == .grammar }.count == 163)
        #expect(schools.filter { $0.easting == nil }.count == 6)
        #expect(schools.filter { ($0.yearSevenPlaces ?? 0) == 0 }.count == 139)
        // Python Counter of type_of_establishment: 295 community, 191 VA, 159 foundation, 26 VC.
        #expect(schools.filter { $0.typeText == "Community school" }.count == 295)
        #expect(schools.allSatisfy { PublishedSchoolsFile.schoolType($0) != nil })
        // Every phase in the national file: only the 3,444 secondary rows are kept.
        let all = try PublishedSchoolsFile.read(path: EnglandData.path("schools_england_spc2023_geocoded.csv"), mapping: [:])
        #expect(all.schools.count == 3_444 && all.schools.count + all.skipped.notSecondary == 24_442)

        let deprivation = try DeprivationFile.read(path: EnglandData.path("iod2019_lsoa11_england.csv"), mapping: [:])
        #expect(deprivation.count == 32_844)
        // E01000001 (City of London 001A): IDACI rank 32,806, decile 10 (row 2 of the file).
        #expect(deprivation["E01000001"]?.idaciRank == 32_806 && deprivation["E01000001"]?.idaciDecile == 10)
        let centroids = try SmallAreaFiles.centroids(path: EnglandData.path("lsoa11_population_weighted_centroids.csv"), mapping: [:])
        #expect(centroids.count == 34_753)
        #expect(abs(centroids["E01000001"]!.x - 532.1809) < 1e-9 && abs(centroids["E01000001"]!.y - 181.7979) < 1e-9)
        let population = try SmallAreaFiles.population(path: EnglandData.path("lsoa11_population_mid2019_age0to19.csv"), age: 10, mapping: [:])
        #expect(population.count == 34_753 && population["E01000001"] == 11)
        // Python: children aged 10 in English LSOAs sum to 689,733.
        #expect(population.filter { $0.key.hasPrefix("E") }.values.reduce(0, +) == 689_733)
    }

    /// Kent with its neighbours: types follow the census, coordinates are in Kent's part of the
    /// national grid, every pupil's area is a real LSOA, and Kent's FSM share is the census figure.
    @Test func kentRegion() throws {
        let fixture = try Fixture(scenario: EnglandData.scenario("[Kent]", postcodes: true))
        defer { fixture.remove() }
        let loaded = try fixture.load()
        let region = loaded.spec.region
        let deprivation = try DeprivationFile.read(path: EnglandData.path("iod2019_lsoa11_england.csv"), mapping: [:])
        let kent = region.schools.filter { $0.district == "Kent" }
        // Python: Kent has 101 schools, all with coordinates and a Year 7 intake; 32 are Selective.
        #expect(kent.count == 101)
        #expect(kent.filter { $0.type == .grammar }.count == 32)
        #expect(kent.filter(\.isSelective).count == 32)
        // Python: 24 of them are "Academy sponsor led" and 90 have Key Stage 5 pupils.
        #expect(kent.filter(\.sponsorLed).count == 24)
        #expect(kent.filter(\.sixthForm).count == 90)
        #expect(region.schools.contains { $0.district == "Medway" }, "Medway's schools within 5 km should be in the region")
        for s in region.schools {
            // Kent and its neighbours lie between eastings 480–660 km and northings 90–200 km.
            #expect((480...660).contains(s.location.x) && (90...200).contains(s.location.y), "\(s.id) at \(s.location)")
            #expect(s.pan % 30 == 0 && s.pan > 0)
        }
        #expect(region.schools.filter { !$0.religiousCharacter.isEmpty }.allSatisfy { region.faithNames.contains($0.religiousCharacter) })
        // Every pupil lives in a real LSOA of the region; Kent's pupils in Kent's districts.
        let pupils = region.pupils
        var kentPupils = 0, kentFSM = 0
        for i in 0..<pupils.count {
            let a = Int(pupils.area[i])
            #expect(a >= 0 && a < region.areas.count)
            guard let d = deprivation[region.areas[a].id] else { Issue.record("pupil \(i) in unknown area"); continue }
            #expect(pupils.idaciDecile[i] == UInt8(d.idaciDecile))
            // The area's authority is Kent exactly when its district is one of Kent's.
            #expect((region.areas[a].authority == "Kent") == EnglandData.kentDistricts.contains(d.district))
            if EnglandData.kentDistricts.contains(d.district) { kentPupils += 1; kentFSM += pupils.fsm[i] ? 1 : 0 }
        }
        // Python: Kent's secondary schools have 19.2048% FSM (sum of fsm_eligible_n over headcount_pupils).
        let share = Double(kentFSM) / Double(kentPupils)
        #expect(abs(share - 0.192048) < 0.01, "Kent's simulated FSM share \(share)")
        // Python: 902 Kent LSOAs with 19,996 children aged 10; each area's count × 644,252 / 689,733,
        // rounded, sums to 18,660 (Python rounds halves to even, so allow a few either way).
        #expect(region.areas.filter { EnglandData.kentDistricts.contains(deprivation[$0.id]!.district) }.count == 902)
        #expect(abs(kentPupils - 18_660) <= 10, "\(kentPupils) Kent pupils")
        // Kent is the region's own authority; neighbours' areas outside the region (for outlines only) are none of Kent's.
        #expect(region.ownAuthorities == ["Kent"] && region.hasNeighbours)
        #expect(!region.outlineSites.isEmpty && region.outlineSites.allSatisfy { $0.authority != "Kent" })
        #expect(Set(region.outlineSites.map(\.id)).isDisjoint(with: region.areas.map(\.id)))
        // Rows left out are counted, never dropped silently.
        #expect(loaded.notices.contains { $0.hasPrefix("6 schools have no coordinates") })
        #expect(loaded.notices.contains { $0.hasPrefix("139 schools take no Year 7 intake") })
    }

    /// The calibration holds authority by authority, for big authorities (the sampling error of a
    /// share of 7,000+ pupils is under half a point).
    @Test func fsmShareMatchesTheCensusByAuthority() throws {
        let fixture = try Fixture(scenario: EnglandData.scenario("[Birmingham, Lincolnshire, Kent]", extra: "    neighbours_within_km: 0\n"))
        defer { fixture.remove() }
        let region = try fixture.load().spec.region
        let deprivation = try DeprivationFile.read(path: EnglandData.path("iod2019_lsoa11_england.csv"), mapping: [:])
        // Python, from the school census file: Σ fsm_eligible_n / Σ headcount_pupils.
        let census = ["Birmingham": 0.364854, "Lincolnshire": 0.215256, "Kent": 0.192048]
        let districts: [String: (String) -> Bool] = [
            "Birmingham": { $0 == "E08000025" }, "Lincolnshire": { ("E07000136"..."E07000142").contains($0) },
            "Kent": { EnglandData.kentDistricts.contains($0) },
        ]
        for (name, expected) in census {
            var n = 0, fsm = 0
            for i in 0..<region.pupils.count where districts[name]!(deprivation[region.areas[Int(region.pupils.area[i])].id]!.district) {
                n += 1; fsm += region.pupils.fsm[i] ? 1 : 0
            }
            // Python: 15,273 pupils in Birmingham, 7,820 in Lincolnshire, 18,660 in Kent.
            #expect(n > 7_000)
            #expect(abs(Double(fsm) / Double(n) - expected) < 0.01, "\(name): \(Double(fsm) / Double(n)) against \(expected)")
        }
        #expect(!region.schools.contains { !["Birmingham", "Lincolnshire", "Kent"].contains($0.district) }, "no neighbours at 0 km")
    }

    /// `cohort_share: by_authority`: each authority's pupils number its schools' Year 7 pupils, to
    /// within the rounding of its areas (Python: Σ year7_headcount is 1,548 in Camden, 8,820 in
    /// Lincolnshire), where England's one share gives Camden 1.9 times as many.
    @Test func cohortShareByAuthorityMatchesEachAuthoritysYearSeven() throws {
        for (shareText, camdenRange) in [("by_authority", 1_548 - 80 ... 1_548 + 80), ("auto", 2_700 ... 3_100)] {
            let fixture = try Fixture(scenario: EnglandData.scenario("[Camden, Lincolnshire]", extra: "    neighbours_within_km: 0\n    cohort_share: \(shareText)\n"))
            defer { fixture.remove() }
            let loaded = try fixture.load()
            let region = loaded.spec.region
            var count: [String: Int] = [:]
            for i in 0..<region.pupils.count { count[region.areas[Int(region.pupils.area[i])].authority, default: 0] += 1 }
            let areas = Dictionary(grouping: region.areas, by: \.authority).mapValues(\.count)
            #expect(camdenRange.contains(count["Camden"] ?? 0), "\(shareText): Camden \(count["Camden"] ?? 0)")
            if shareText == "by_authority" {
                // Rounding each area's count moves a total by at most half a pupil an area.
                #expect(abs((count["Camden"] ?? 0) - 1_548) * 2 <= areas["Camden"]!)
                #expect(abs((count["Lincolnshire"] ?? 0) - 8_820) * 2 <= areas["Lincolnshire"]!)
                #expect(loaded.notices.contains { $0.contains("cohort: by authority, from") && $0.contains("Camden") })
            }
        }
        try expectScenarioError(EnglandData.scenario("[Camden]", extra: "    cohort_share: half\n"), line: 11, marker: "half",
                                field: "region.england.cohort_share", message: ["auto, by_authority or a share"])
    }

    @Test func unknownAuthorityIsAnErrorWithASuggestion() throws {
        let text = EnglandData.scenario("[Kentt]")
        let fixture = try Fixture(scenario: text)
        defer { fixture.remove() }
        let error = try #require(throws: ScenarioError.self) { try fixture.load() }
        #expect(error.line == 5 && text.components(separatedBy: "\n")[4].contains("Kentt"))
        #expect(error.message.contains("unknown authority 'Kentt'") && error.message.contains("'Kent'"))
    }

    @Test func missingFileNamesTheField() throws {
        let text = EnglandData.scenario("[Kent]").replacingOccurrences(of: "iod2019_lsoa11_england.csv", with: "iod2019_missing.csv")
        let fixture = try Fixture(scenario: text)
        defer { fixture.remove() }
        let error = try #require(throws: ScenarioError.self) { try fixture.load() }
        #expect(error.line == 8 && error.field == "region.england.files.deprivation")
        #expect(error.message.contains("does not exist"))
    }

    /// Areas of the chosen authority missing from the centroids file: an error at the scenario's
    /// `centroids` line, never a silent drop.
    @Test func missingCentroidsAreAnError() throws {
        let text = EnglandData.scenario("[Brighton and Hove]")
            .replacingOccurrences(of: EnglandData.path("lsoa11_population_weighted_centroids.csv"), with: "centroids.csv")
        let fixture = try Fixture(scenario: text, ["centroids.csv": "lsoa11cd,easting,northing\nE01000001,532180.9,181797.9\n"])
        defer { fixture.remove() }
        let error = try #require(throws: ScenarioError.self) { try fixture.load() }
        #expect(error.line == 9 && error.field == "region.england.files.centroids")
        #expect(error.message.contains("165 areas of the chosen authorities have no centroid"))
    }

    /// A file with a renamed column is an error at its header naming the field; naming the column
    /// in `columns:` reads it.
    @Test func wrongColumnsAndColumnMappings() throws {
        let population = try String(contentsOfFile: EnglandData.path("lsoa11_population_mid2019_age0to19.csv"), encoding: .utf8)
        let renamed = population.replacingOccurrences(of: "age_10,", with: "aged_ten,")
        let text = EnglandData.scenario("[Kent]").replacingOccurrences(of: EnglandData.path("lsoa11_population_mid2019_age0to19.csv"), with: "population.csv")
        let fixture = try Fixture(scenario: text, ["population.csv": renamed])
        defer { fixture.remove() }
        let error = try #require(throws: ScenarioError.self) { try fixture.load() }
        #expect(error.file == fixture.path("population.csv") && error.line == 1 && error.field == "count")
        #expect(error.message.contains("'age_10'"))
        let mapped = try Fixture(scenario: text + "    columns: {population: {count: aged_ten}}\n", ["population.csv": renamed])
        defer { mapped.remove() }
        #expect(try mapped.load().spec.region.schools.count > 100)
    }
}

/// A GIAS establishment extract (its own column names): capacity gives Year 7 places, and closed
/// or non-secondary establishments are counted, not read.
@Suite struct GIASSchoolsFileTests {
    @Test func giasColumnsAndCapacity() throws {
        let csv = """
        URN,EstablishmentName,LA (code),LA (name),TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name),StatutoryLowAge,StatutoryHighAge,Gender (name),ReligiousCharacter (name),AdmissionsPolicy (name),SchoolCapacity,NumberOfPupils,FSM,Easting,Northing,OfficialSixthForm (name)
        1,Hill School,886,Kent,Academy sponsor led,Open,Secondary,11,16,Mixed,Does not apply,Non-selective,1000,950,190,580000,150000,Does not have a sixth form
        2,Old School,886,Kent,Community school,Closed,Secondary,11,16,Mixed,Does not apply,Non-selective,900,0,,580500,150500,Does not have a sixth form
        3,Small Primary,886,Kent,Community school,Open,Primary,4,11,Mixed,Does not apply,Not applicable,210,200,30,581000,151000,Not applicable
        4,St Mary's,886,Kent,Voluntary aided school,Open,Secondary,11,18,Mixed,Roman Catholic,Non-selective,1400,1300,100,582000,152000,Has a sixth form
        5,Town Grammar,886,Kent,Academy converter,Open,Secondary,11,18,Boys,None,Selective,1050,1000,40,583000,153000,Has a sixth form
        """
        let fixture = try Fixture(["gias.csv": csv])
        defer { fixture.remove() }
        let (schools, skipped) = try PublishedSchoolsFile.read(path: fixture.path("gias.csv"), mapping: [:])
        #expect(schools.map(\.id) == ["1", "4", "5"] && skipped.closed == 1 && skipped.notSecondary == 1)
        // Capacity over year groups: 1000 / 5, 1400 / 7, 1050 / 7.
        #expect(schools.map(\.yearSevenPlaces) == [200, 200, 150])
        #expect(schools.map { PublishedSchoolsFile.schoolType($0) } == [.academy, .voluntaryAided, .grammar])
        #expect(schools.map(PublishedSchoolsFile.sponsorLed) == [true, false, false])
        #expect(schools.map(\.sixthForm) == [false, true, true])
        #expect(schools.map { PublishedSchoolsFile.faith($0.religiousCharacter) } == ["", "roman_catholic", ""])
        #expect(schools[0].fsmPupils == 190 && schools[0].easting == 580000)
    }
}

/// The England examples load from the shared files as shipped (the national one is exercised by
/// `fairplaces-bench --scenario`, as it takes seconds even in a release build).
@Suite(.enabled(if: EnglandData.available, "skipped: England's published data (../shared/data/england) is not present"))
struct EnglandExampleTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scenarios/england").standardizedFileURL.path

    /// A real place gives the same allocation on one thread as on two.
    @Test func sameOutcomeOnAnyThreadCount() throws {
        var loaded = try ScenarioLoader.load(path: Self.folder + "/brighton-hove.yaml")
        loaded.spec.replications = 3
        let one = Simulator(spec: loaded.spec).run(threads: 1), two = Simulator(spec: loaded.spec).run(threads: 2)
        #expect(one.first.allocation == two.first.allocation)
        #expect(one.replications.elementsEqual(two.replications) { zip($0, $1).allSatisfy { $0 == $1 } })
    }

    @Test(arguments: ["kent-selective.yaml", "kent-comprehensive.yaml", "hackney-banding.yaml", "brighton-hove.yaml"])
    func exampleLoads(file: String) throws {
        let loaded = try ScenarioLoader.load(path: Self.folder + "/" + file)
        #expect(loaded.spec.region.pupils.count > 1_000 && loaded.spec.region.schools.count > 5)
        #expect(loaded.notices.contains { $0.hasPrefix("England region:") })
    }

    /// Kent made comprehensive in one line: the same pupils and schools, no grammar school left,
    /// and the 32 former grammar schools (census: 32 Selective in Kent) now community schools.
    @Test func kentComprehensiveIsKentWithoutItsGrammarSchools() throws {
        let selective = try ScenarioLoader.load(path: Self.folder + "/kent-selective.yaml").spec.region
        let comprehensive = try ScenarioLoader.load(path: Self.folder + "/kent-comprehensive.yaml").spec.region
        #expect(comprehensive.pupils.count == selective.pupils.count)
        #expect(comprehensive.schools.map(\.id) == selective.schools.map(\.id))
        #expect(!comprehensive.schools.contains { $0.type == .grammar || $0.arrangements.selection != nil })
        let former = zip(selective.schools, comprehensive.schools).filter { $0.0.type == .grammar }
        #expect(former.count >= 32)
        #expect(former.allSatisfy { $0.1.type == .community && $0.1.pan == $0.0.pan })
    }
}
