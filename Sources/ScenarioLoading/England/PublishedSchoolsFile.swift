import FairPlacesCore

/// A published school list: the DfE school census school-level file (as geocoded in
/// `../shared/data/england`) or a Get Information About Schools (GIAS) establishment extract,
/// recognised by their own column names; any other CSV through a column mapping.
struct PublishedSchool {
    var line: Int
    var id: String
    var name: String
    var authority: String
    var authorityCode: String
    var authorityGSS: String
    var typeText: String
    var religiousCharacter: String
    var admissionsPolicy: String
    var sex: String
    /// Year 7 pupils on roll, or places per year group from the capacity, whichever the file gives.
    var yearSevenPlaces: Int?
    var pupilsOnRoll: Double?
    var fsmPupils: Double?
    /// Whether the school has a sixth form: it has pupils aged 16–18 (the census's Key Stage 5
    /// headcount), or GIAS says it has one.
    var sixthForm: Bool
    /// British National Grid, metres; nil when the row has none.
    var easting: Double?
    var northing: Double?
    /// The small area (2011 LSOA) the school lies in, when the file says.
    var area: String
}

enum PublishedSchoolsFile {
    /// FairPlaces' field → the headers of the census file, then GIAS's.
    static let known: [(String, [String])] = [
        ("id", ["urn", "URN"]),
        ("name", ["school_name", "EstablishmentName"]),
        ("la_name", ["la_name", "LA (name)"]),
        ("la_code", ["la_code", "LA (code)"]),
        ("la_gss_code", ["la_gss_code", "GSSLACode (name)"]),
        ("phase", ["phase_type_grouping", "PhaseOfEducation (name)"]),
        ("status", ["EstablishmentStatus (name)"]),
        ("type", ["type_of_establishment", "TypeOfEstablishment (name)"]),
        ("religious_character", ["religious_character", "ReligiousCharacter (name)"]),
        ("admissions_policy", ["admissions_policy", "AdmissionsPolicy (name)"]),
        ("sex", ["sex_of_school", "Gender (name)"]),
        ("year7", ["year7_headcount"]),
        ("capacity", ["SchoolCapacity"]),
        ("low_age", ["StatutoryLowAge"]),
        ("high_age", ["StatutoryHighAge"]),
        ("pupils", ["headcount_pupils", "NumberOfPupils"]),
        ("fsm_pupils", ["fsm_eligible_n", "FSM"]),
        ("sixth_form", ["ks5_pupils", "OfficialSixthForm (name)"]),
        ("easting", ["easting", "Easting"]),
        ("northing", ["northing", "Northing"]),
        ("area", ["lsoa11cd", "LSOA (code)"]),
    ]

    /// Phases that take a Year 7 intake: the census's grouping and GIAS's phases.
    static let secondaryPhases: Set<String> = ["State-funded secondary", "Secondary", "All-through", "Middle deemed secondary"]
    /// GIAS statuses of schools that admit pupils.
    static let openStatuses: Set<String> = ["Open", "Open, but proposed to close"]

    /// Rows skipped, by reason, so the loader can say how many and why.
    struct Skipped {
        var notSecondary = 0
        var closed = 0
    }

    static func read(path: String, mapping: [String: String]) throws -> (schools: [PublishedSchool], skipped: Skipped) {
        let table = try CSVTable(path: path, field: "region.england.files.schools")
        let columns = try PublishedColumns(table, known: known, required: ["id", "name", "la_name", "type", "easting", "northing"],
                                           mapping: mapping, fileField: "schools")
        guard columns.has("year7") || columns.has("capacity") else {
            throw ScenarioError(file: path, line: 1, field: "year7",
                                message: "the file gives neither Year 7 numbers ('year7_headcount') nor capacity ('SchoolCapacity'), so no PAN can be set; name a column with region.england.columns.schools.year7")
        }
        var schools: [PublishedSchool] = []
        var skipped = Skipped()
        var seen: [String: Int] = [:]
        for r in 0..<table.rowCount {
            try table.checkWidth(r)
            let line = table.line(r)
            if columns.has("phase") && !secondaryPhases.contains(columns.text(r, "phase")) { skipped.notSecondary += 1; continue }
            if columns.has("status") && !openStatuses.contains(columns.text(r, "status")) { skipped.closed += 1; continue }
            let id = columns.text(r, "id")
            if id.isEmpty { throw table.error(line, columns.header("id"), "a school id (URN) is required") }
            if let first = seen[id] { throw table.error(line, columns.header("id"), "the URN \(id) is also on line \(first)") }
            seen[id] = line
            var places: Int?
            if let y7 = try columns.pupils(r, "year7") {
                places = Int(y7.rounded())
            } else if let capacity = try columns.pupils(r, "capacity") {
                // Capacity covers every year group: Year 7 gets its share (ages 11–16 are 5 groups).
                var groups = 5.0
                if let lo = try columns.number(r, "low_age"), let hi = try columns.number(r, "high_age"), hi > lo, hi - lo < 20 { groups = hi - lo }
                places = Int((capacity / groups).rounded())
            }
            schools.append(PublishedSchool(
                line: line, id: id, name: columns.text(r, "name"), authority: columns.text(r, "la_name"),
                authorityCode: columns.text(r, "la_code"), authorityGSS: columns.text(r, "la_gss_code"),
                typeText: columns.text(r, "type"), religiousCharacter: columns.text(r, "religious_character"),
                admissionsPolicy: columns.text(r, "admissions_policy"), sex: columns.text(r, "sex"),
                yearSevenPlaces: places, pupilsOnRoll: try columns.pupils(r, "pupils"),
                fsmPupils: try columns.pupils(r, "fsm_pupils"),
                sixthForm: try sixthForm(columns, r),
                easting: try columns.metres(r, "easting"), northing: try columns.metres(r, "northing"),
                area: columns.text(r, "area")))
        }
        return (schools, skipped)
    }

    /// GIAS states a sixth form in words; the census counts its pupils.
    private static func sixthForm(_ columns: PublishedColumns, _ r: Int) throws -> Bool {
        guard columns.has("sixth_form") else { return false }
        switch columns.text(r, "sixth_form") {
        case "Has a sixth form": return true
        case "Does not have a sixth form", "Not applicable", "Not recorded": return false
        default: return (try columns.pupils(r, "sixth_form") ?? 0) > 0
        }
    }

    /// Whether a published type is a sponsor-led academy ("Academy sponsor led", "Academy 16 to 19 sponsor led").
    static func sponsorLed(_ s: PublishedSchool) -> Bool { s.typeText.hasSuffix("sponsor led") }

    /// The school type FairPlaces models, from the published type and admissions policy; nil for
    /// a type FairPlaces does not know (the loader counts those).
    static func schoolType(_ s: PublishedSchool) -> SchoolType? {
        if s.admissionsPolicy == "Selective" { return .grammar }
        switch s.typeText {
        case "Community school": return .community
        case "Voluntary controlled school": return .voluntaryControlled
        case "Voluntary aided school": return .voluntaryAided
        case "Foundation school": return .foundation
        case "Academy converter", "Academy sponsor led", "Academy 16-19 converter", "Academy 16 to 19 sponsor led",
             "City technology college":
            return .academy
        case "Free schools", "Free schools 16 to 19", "University technical college", "Studio schools":
            return .freeSchool
        default: return nil
        }
    }

    /// A faith name from a published religious character ("Roman Catholic" → "roman_catholic"), or
    /// "" for none.
    static func faith(_ character: String) -> String {
        switch character {
        case "", "None", "No religious character", "Does not apply", "Unknown": return ""
        default:
            return String(character.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        }
    }
}
