/// The legal category of a state-funded secondary school, which decides who its admission
/// authority is (School Admissions Code 2021, §1.1 of DOMAIN.md).
public enum SchoolType: String, Sendable, CaseIterable, Equatable {
    case community
    case foundation
    case voluntaryAided = "voluntary_aided"
    case voluntaryControlled = "voluntary_controlled"
    case academy
    case freeSchool = "free_school"
    /// A designated grammar school: selects its whole intake by ability.
    case grammar

    /// The body that sets the school's admission arrangements.
    public var admissionAuthority: AdmissionAuthority {
        switch self {
        case .community, .voluntaryControlled: return .localAuthority
        case .foundation, .voluntaryAided: return .governingBody
        case .academy, .freeSchool: return .academyTrust
        case .grammar: return .governingBody
        }
    }
}

/// Whom a school admits (the school census's "sex of school"): one in ten English secondary
/// schools is single-sex, and girls' and boys' schools compete for half the cohort each.
public enum SexOfSchool: String, Sendable, CaseIterable, Equatable {
    case mixed, girls, boys
}

/// Who sets a school's admission arrangements.
public enum AdmissionAuthority: String, Sendable {
    case localAuthority = "local_authority"
    case governingBody = "governing_body"
    case academyTrust = "academy_trust"
}
