/// Every family's ranked list of schools, flat: pupil i's r-th preference is
/// `schools[i * length + r]`, and -1 marks the end of a shorter list.
public struct PreferenceLists: Sendable, Equatable {
    /// Maximum number of preferences a family may state (3–6 in England).
    public let length: Int
    public var schools: [Int32]

    public init(pupils: Int, length: Int) {
        self.length = length
        self.schools = [Int32](repeating: -1, count: pupils * length)
    }

    public init(length: Int, schools: [Int32]) {
        precondition(length > 0 && schools.count % length == 0)
        self.length = length
        self.schools = schools
    }

    public var pupilCount: Int { schools.count / length }

    /// Pupil i's list, without the -1 padding.
    public func list(of i: Int) -> ArraySlice<Int32> {
        let row = schools[(i * length)..<((i + 1) * length)]
        if let end = row.firstIndex(of: -1) { return row[row.startIndex..<end] }
        return row
    }

    /// The rank (0 = first preference) of school `s` on pupil i's list, or nil.
    public func rank(of s: Int, for i: Int) -> Int? {
        for r in 0..<length {
            let school = schools[i * length + r]
            if school < 0 { return nil }
            if school == Int32(s) { return r }
        }
        return nil
    }
}
