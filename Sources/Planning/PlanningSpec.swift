import FairPlacesCore
import LinearAlgebra
import Simulation

/// One way forward a council consults on: the changes to its schools year by year.
public struct PlanningOption: Sendable {
    public var name: String
    public var timeline: Timeline

    public init(name: String, timeline: Timeline) {
        self.name = name
        self.timeline = timeline
    }
}

/// How modelled demand is computed each year.
public struct GravitySettings: Sendable {
    /// What makes a school attract pupils in the gravity model.
    public enum Weights: String, Sendable, CaseIterable {
        /// Every school alike (as in the Brighton "Brightopia" model).
        case equal
        /// In proportion to the school's PAN that year.
        case pan
    }

    public var decay: DistanceDecay
    public var beta: Double
    public var weights: Weights
    /// Costs below this are raised to it, so a power decay stays finite for an area at the school gate.
    public var minimumCost: Double

    public init(decay: DistanceDecay, beta: Double, weights: Weights = .equal, minimumCost: Double = 0.1) {
        self.decay = decay
        self.beta = beta
        self.weights = weights
        self.minimumCost = minimumCost
    }
}

/// A plan whose cohorts are allocated with the full admission machinery each year.
public struct AllocationPlan: Sendable {
    /// The scenario as it stands in the base year: its region's pupils are the base cohort.
    public var base: SimulationSpec
    /// Pupils wanted in each planning year (in `PlanningSpec.years` order), per area of the base
    /// region, with one last entry for pupils who have no area.
    public var targets: [[Int]]
    /// Gravity costs by travel (the region's travel matrix) rather than straight-line distance from
    /// the area's centroid.
    public var travelCost: Bool

    public init(base: SimulationSpec, targets: [[Int]], travelCost: Bool = false) {
        self.base = base
        self.targets = targets
        self.travelCost = travelCost
    }
}

/// A plan that models demand only: pupils per area from a projection, costs to every school.
public struct DemandPlan: Sendable {
    public var areas: [String]
    /// Pupils per area in each planning year (in `PlanningSpec.years` order).
    public var origins: [[Double]]
    /// Cost from each area to each school of any option (columns in `schoolIDs` order); NaN where
    /// unknown (that school then draws nobody from that area).
    public var cost: Matrix
    public var schoolIDs: [String]

    public init(areas: [String], origins: [[Double]], cost: Matrix, schoolIDs: [String]) {
        self.areas = areas
        self.origins = origins
        self.cost = cost
        self.schoolIDs = schoolIDs
    }
}

/// A multi-year place-planning run: options compared over consecutive years.
public struct PlanningSpec: Sendable {
    public enum Mode: Sendable {
        case allocation(AllocationPlan)
        case demand(DemandPlan)
    }

    public var name: String
    /// Intake years (September of each), consecutive.
    public var years: [Int]
    /// The options; the first is the base that displacement is measured against.
    public var options: [PlanningOption]
    public var gravity: GravitySettings?
    public var mode: Mode
    /// Notes on how inputs were turned into the plan (e.g. a fitted decay parameter), for reports.
    public var notes: [String] = []

    public init(name: String, years: [Int], options: [PlanningOption], gravity: GravitySettings?, mode: Mode) {
        self.name = name
        self.years = years
        self.options = options
        self.gravity = gravity
        self.mode = mode
    }
}
