/// Whether a rise in a figure is good or bad for families and for fairness, so a change is coloured
/// by what it means (a fall in segregation or in distance travelled is good; a fall in the share
/// offered their first preference is bad) rather than by its sign. One table for every panel.
enum MetricDirection: Sendable, Equatable {
    case higherIsBetter
    case lowerIsBetter
    /// Neither: a school's intake, or its FSM share, is not better for being larger or smaller.
    case neither

    /// Each headline metric's direction, by its name in metrics.csv; any other metric is `neither`.
    static let table: [String: MetricDirection] = [
        "first_preference_share": .higherIsBetter,
        "any_preference_share": .higherIsBetter,
        "mean_distance_km": .lowerIsBetter,
        "p90_distance_km": .lowerIsBetter,
        // Segregation indices: 0 is an even spread of pupils across schools.
        "dissimilarity": .lowerIsBetter,
        "gorard": .lowerIsBetter,
        "isolation": .lowerIsBetter,
        "theil_h": .lowerIsBetter,
        "mutual_information": .lowerIsBetter,
        "unplaced_count": .lowerIsBetter,
        "administrative_count": .lowerIsBetter,
        "justified_envy_count": .lowerIsBetter,
    ]

    static func of(metric: String) -> MetricDirection { table[metric] ?? .neither }

    /// What a change of `change` means: good, bad, or neither (zero, or a metric without a direction).
    enum Meaning: Sendable, Equatable { case good, bad, neither }

    func meaning(of change: Double) -> Meaning {
        switch self {
        case .neither: return .neither
        case .higherIsBetter: return change > 0 ? .good : change < 0 ? .bad : .neither
        case .lowerIsBetter: return change < 0 ? .good : change > 0 ? .bad : .neither
        }
    }

    /// The change's colour: `Palette.good`, `Palette.bad` or `Palette.neutral`.
    func colour(of change: Double) -> String {
        switch meaning(of: change) {
        case .good: return Palette.good
        case .bad: return Palette.bad
        case .neither: return Palette.neutral
        }
    }
}
