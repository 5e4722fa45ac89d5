import FairPlacesCore

/// A pupil attribute's categories: labels and each pupil's category.
public struct AttributeCategories: Sendable {
    public let attribute: PupilAttribute
    /// Globally unique labels (e.g. "fsm", "non_fsm", "idaci_q1"), so they can name output columns.
    public let labels: [String]
    /// Category of each pupil, an index into `labels`.
    public let category: [UInt8]
    /// For two-group attributes, the category that is "the group" (e.g. FSM); nil otherwise.
    public let groupCategory: Int?

    /// `attainmentQuantile(p)` is the `p` quantile (type 7) of the pupils' attainment, 0 when there
    /// are none.
    init(_ attribute: PupilAttribute, pupils: Pupils, config: MetricsConfig, attainmentQuantile: (Double) -> Double) {
        self.attribute = attribute
        let n = pupils.count
        switch attribute {
        case .fsm:
            labels = ["non_fsm", "fsm"]
            category = pupils.fsm.map { $0 ? 1 : 0 }
            groupCategory = 1
        case .disadvantaged:
            labels = ["not_disadvantaged", "disadvantaged"]
            category = (0..<n).map { pupils.fsm[$0] || pupils.lookedAfter[$0] ? 1 : 0 }
            groupCategory = 1
        case .lowAttainment:
            labels = ["not_low_attainment", "low_attainment"]
            let threshold = attainmentQuantile(config.lowAttainmentShare)
            category = pupils.attainment.map { $0 < threshold ? 1 : 0 }
            groupCategory = 1
        case .idaciQuintile:
            labels = (1...5).map { "idaci_q\($0)" }
            category = pupils.idaciDecile.map { UInt8((Int($0) - 1) / 2) }
            groupCategory = nil
        case .idaciDecile:
            labels = (1...10).map { "idaci_d\($0)" }
            category = pupils.idaciDecile.map { $0 - 1 }
            groupCategory = nil
        case .attainmentBand:
            let k = config.attainmentBands
            labels = (1...k).map { "attainment_b\($0)" }
            let cuts = (1..<k).map { attainmentQuantile(Double($0) / Double(k)) }
            category = pupils.attainment.map { a in UInt8(cuts.firstIndex { a < $0 } ?? (k - 1)) }
            groupCategory = nil
        }
    }

    /// The schools × categories table of an assignment (school index per pupil, -1 for none).
    public func counts(school: [Int32], schools: Int) -> CountTable {
        var table = CountTable(units: schools, groups: labels.count)
        let k = labels.count
        for i in 0..<school.count where school[i] >= 0 {
            table.counts[Int(school[i]) * k + Int(category[i])] += 1
        }
        return table
    }
}

/// A clustering of schools for decompositions.
public struct SchoolClusters: Sendable {
    public let grouping: SchoolGrouping
    public let labels: [String]
    public let clusterOf: [Int]

    init(_ grouping: SchoolGrouping, schools: [School]) {
        self.grouping = grouping
        let names: [String] = schools.map { school in
            switch grouping {
            case .type: return school.type.rawValue
            case .selective: return school.isSelective ? "selective" : "non_selective"
            case .district: return school.district.isEmpty ? "(none)" : school.district
            }
        }
        var labels: [String] = []
        var index: [String: Int] = [:]
        for name in names.sorted() where index[name] == nil {
            index[name] = labels.count
            labels.append(name)
        }
        self.labels = labels
        clusterOf = names.map { index[$0]! }
    }
}

/// Everything the metrics need that does not change between replications, computed once.
public struct MetricsContext: Sendable {
    public let config: MetricsConfig
    public let attributes: [AttributeCategories]
    public let clusters: [SchoolClusters]
    /// Each pupil's nearest school: the residential counterfactual (Allen 2007) and each school's
    /// "local area" for intake balance.
    public let nearestSchool: [Int32]
    /// Per attribute, schools × categories under nearest-school allocation.
    public let localCounts: [CountTable]
    /// Schools in the top `highAttainmentShare` by attractiveness (prior results).
    public let highAttainment: [Bool]
    /// The IDACI quintile of each pupil (0 = most deprived), for access figures by deprivation.
    public let idaciQuintile: [UInt8]
    /// Where the region sets its own authorities apart from neighbours' (`Region.hasNeighbours`):
    /// for each pupil, 0 when they live in one of the region's own authorities, 1 when in a
    /// neighbour's. Nil otherwise, and then no figures are recorded by home.
    public let home: [UInt8]?

    /// The units figures by home are recorded under, indexed by `home`'s values.
    public static let homeUnits = ["authorities=own", "authorities=neighbours"]

    /// `nearestSchool`, when the caller has it (the first of each pupil's choice set), is each
    /// pupil's nearest school, lowest index among equally near, or -1; otherwise a grid finds it.
    public init(region: Region, config: MetricsConfig = MetricsConfig(), nearestSchool known: [Int32]? = nil) {
        self.config = config
        let pupils = region.pupils
        // Attainment quantiles by selection on one copy, not a sort of 600,000 values: the same order
        // statistics, so the same cuts, in a tenth of the time.
        var attainment: [Double] = []
        func attainmentQuantile(_ p: Double) -> Double {
            if attainment.isEmpty { attainment = pupils.attainment }
            return attainment.isEmpty ? 0 : Statistics.quantile(selecting: &attainment, p)
        }
        attributes = config.attributes.map {
            AttributeCategories($0, pupils: pupils, config: config, attainmentQuantile: attainmentQuantile)
        }
        clusters = config.groupings.map { SchoolClusters($0, schools: region.schools) }
        // A grid, not a scan of every school: a national run has 600,000 pupils and 3,400 schools.
        let nearest: [Int32]
        if let known {
            nearest = known
        } else {
            let grid = SpatialGrid(sites: region.schools.map(\.location))
            nearest = (0..<pupils.count).map { Int32(grid.nearest(to: pupils.home($0))) }
        }
        nearestSchool = nearest
        localCounts = attributes.map { $0.counts(school: nearest, schools: region.schools.count) }
        let ranked = region.schools.indices.sorted {
            region.schools[$0].attractiveness != region.schools[$1].attractiveness
                ? region.schools[$0].attractiveness > region.schools[$1].attractiveness : $0 < $1
        }
        let top = Int((config.highAttainmentShare * Double(region.schools.count)).rounded())
        var high = [Bool](repeating: false, count: region.schools.count)
        for s in ranked.prefix(top) { high[s] = true }
        highAttainment = high
        idaciQuintile = pupils.idaciDecile.map { UInt8((Int($0) - 1) / 2) }
        if region.hasNeighbours {
            let own = Set(region.ownAuthorities)
            home = (0..<pupils.count).map { region.livesInOwnAuthority($0, own: own) ? 0 : 1 }
        } else {
            home = nil
        }
    }
}
