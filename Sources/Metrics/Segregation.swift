/// Two-group segregation indices over schools (DOMAIN.md §5). F = disadvantaged (e.g. FSM) pupils,
/// N = the others, per school; schools with no pupils contribute nothing.
public enum Segregation {
    /// Dissimilarity (Duncan & Duncan): D = ½ Σ |Fᵢ/F − Nᵢ/N|. Undefined (nil) when either group is empty.
    public static func dissimilarity(group: [Double], other: [Double]) -> Double? {
        precondition(group.count == other.count)
        let f = group.reduce(0, +), n = other.reduce(0, +)
        guard f > 0, n > 0 else { return nil }
        var sum = 0.0
        for i in group.indices { sum += abs(group[i] / f - other[i] / n) }
        return 0.5 * sum
    }

    /// Gorard's segregation index: GS = ½ Σ |Fᵢ/F − Tᵢ/T|, the share of the group who would have to
    /// move for an even spread. Undefined (nil) when the group or the total is empty.
    public static func gorard(group: [Double], other: [Double]) -> Double? {
        precondition(group.count == other.count)
        let f = group.reduce(0, +), t = f + other.reduce(0, +)
        guard f > 0, t > 0 else { return nil }
        var sum = 0.0
        for i in group.indices { sum += abs(group[i] / f - (group[i] + other[i]) / t) }
        return 0.5 * sum
    }
}
