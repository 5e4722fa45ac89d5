#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FairPlacesCore
import Simulation

/// What to fit and what to check (`fairplaces calibrate --targets`).
public struct CalibrationSpec: Sendable {
    /// Where school attractiveness is fitted from.
    public enum AttractivenessSource: Sendable, Equatable {
        /// Published first preferences: the contraction on the model's expected first preferences.
        case firstPreferences
        /// Year 7 intakes: a damped contraction on simulated offers (a full school whose target is
        /// its PAN is left alone: more popularity would not change its offers).
        case offers
    }

    public struct AttractivenessFit: Sendable {
        public var source: AttractivenessSource
        /// Per school, the observed count; nil: the school keeps its attractiveness.
        public var targets: [Double?]
        /// Iterations of the contraction on simulated offers (first preferences: to convergence).
        public var iterations: Int
        /// Share of the log gap closed per iteration on simulated offers.
        public var damping: Double
        /// Iterations on simulated offers in every evaluation after the first, which starts from
        /// the previous evaluation's fit.
        public var refitIterations: Int

        public init(source: AttractivenessSource, targets: [Double?], iterations: Int = 15, damping: Double = 0.7,
                    refitIterations: Int = 3) {
            self.source = source
            self.targets = targets
            self.iterations = iterations
            self.damping = damping
            self.refitIterations = refitIterations
        }
    }

    public var attractiveness: AttractivenessFit?
    /// Global parameters fitted by simulated method of moments to `targets`.
    public var parameters: [ParameterFit]
    public var targets: [CalibrationTarget]
    /// Figures not fitted, reported against their published values.
    public var validation: [CalibrationTarget]
    /// Simulated rounds per evaluation (common random numbers: rounds 1, 2, …).
    public var rounds: Int
    /// Evaluations of the objective the simplex search may make.
    public var evaluations: Int
    /// Folds by district (authority) for out-of-fold validation; below 2: none.
    public var folds: Int
    /// Evaluations each fold's search may make; nil: `evaluations`. A fold starts from the full fit,
    /// near its own optimum, so it needs fewer than a search from the start.
    public var foldEvaluations: Int?

    public init(attractiveness: AttractivenessFit?, parameters: [ParameterFit], targets: [CalibrationTarget],
                validation: [CalibrationTarget], rounds: Int = 20, evaluations: Int = 40, folds: Int = 0,
                foldEvaluations: Int? = nil) {
        self.foldEvaluations = foldEvaluations
        self.attractiveness = attractiveness
        self.parameters = parameters
        self.targets = targets
        self.validation = validation
        self.rounds = rounds
        self.evaluations = evaluations
        self.folds = folds
    }
}

/// A target and the value the fitted model gives it.
public struct FittedFigure: Sendable {
    public var target: CalibrationTarget
    public var fitted: Double?
    /// For out-of-fold validation, the fold the school was held out in (nil otherwise).
    public var fold: Int?
}

public struct CalibrationResult: Sendable {
    /// The fitted model (global parameters set) and every school's attractiveness.
    public var model: PreferenceModel
    public var attractiveness: [Double]
    public var parameters: [(fit: ParameterFit, value: Double)]
    public var objective: Double
    /// Every evaluation of the searches (the full fit's, then each fold's), in order: parameter values and objective.
    public var history: [(search: String, values: [Double], objective: Double)]
    /// The last contraction on first preferences (nil for offers or no attractiveness fit).
    public var contraction: AttractivenessContraction.Outcome?
    public var expectations: ChanceExpectations.Convergence?
    public var fitted: [FittedFigure]
    public var validation: [FittedFigure]
    /// Validation of each school in the fold that left it out (folds ≥ 2), and the districts of each fold.
    public var outOfFold: [FittedFigure]
    public var folds: [[String]]
}

/// Calibrates a scenario's preference model: school attractiveness by contraction, global
/// parameters by simulated method of moments (Nelder–Mead on common random numbers, the
/// contraction nested inside each evaluation as in BLP), then validation on figures not fitted,
/// out of fold by district when asked.
public enum Calibrator {
    /// One evaluation's outcome.
    struct Evaluation {
        var attractiveness: [Double]
        var simulator: Simulator
        var figures: SimulatedFigures
        var contraction: AttractivenessContraction.Outcome?
    }

    public static func run(spec base: SimulationSpec, calibration: CalibrationSpec, threads: Int,
                           progress: (String) -> Void = { _ in }) -> CalibrationResult {
        guard case .model(let startModel) = base.preferences else {
            preconditionFailure("calibration needs the preference model")
        }
        let fits = calibration.parameters
        func model(_ x: [Double]) -> PreferenceModel {
            var m = startModel
            for (k, fit) in fits.enumerated() { fit.parameter.set(fit.lower + x[k] * (fit.upper - fit.lower), in: &m) }
            return m
        }
        let start = fits.map { fit in fit.upper > fit.lower ? (fit.start - fit.lower) / (fit.upper - fit.lower) : 0 }
        var warmA = base.region.schools.map(\.attractiveness)
        var warmExpectations: ChanceExpectations? = nil

        var evaluations = 0
        func evaluate(_ x: [Double], targets: [CalibrationTarget]) -> (Evaluation, Double) {
            evaluations += 1
            let e = Self.evaluate(base: base, model: model(x), attractiveness: warmA, warm: warmExpectations,
                                  calibration: calibration, threads: threads, first: evaluations == 1)
            warmA = e.attractiveness
            warmExpectations = e.simulator.expectations
            return (e, objective(targets, e.figures))
        }

        var history: [(search: String, values: [Double], objective: Double)] = []
        func search(targets: [CalibrationTarget], from x0: [Double], step: Double, evaluations budget: Int, label: String) -> [Double] {
            guard !fits.isEmpty, !targets.isEmpty else { return x0 }
            let outcome = NelderMead.minimise(start: x0, step: step, maxEvaluations: budget) { x in
                let value = evaluate(x, targets: targets).1
                history.append((label.isEmpty ? "full" : String(label.dropLast(2)),
                                fits.indices.map { fits[$0].lower + x[$0] * (fits[$0].upper - fits[$0].lower) }, value))
                progress("\(label)evaluation \(history.count): objective \(value)")
                return value
            }
            return outcome.best
        }

        let best = search(targets: calibration.targets, from: start, step: 0.15, evaluations: calibration.evaluations, label: "")
        let (final, value) = evaluate(best, targets: calibration.targets)
        let figures = final.figures
        var result = CalibrationResult(
            model: model(best), attractiveness: final.attractiveness,
            parameters: fits.indices.map { (fits[$0], fits[$0].lower + best[$0] * (fits[$0].upper - fits[$0].lower)) },
            objective: value, history: history, contraction: final.contraction,
            expectations: final.simulator.expectations?.convergence,
            fitted: calibration.targets.map { FittedFigure(target: $0, fitted: figures.value(of: $0), fold: nil) },
            validation: calibration.validation.map { FittedFigure(target: $0, fitted: figures.value(of: $0), fold: nil) },
            outOfFold: [], folds: [])

        if calibration.folds >= 2 {
            let schools = base.region.schools
            let districts = Array(Set((calibration.targets + calibration.validation).flatMap { t in
                t.schools.map { schools[$0].district } + (t.authority.map { [$0] } ?? [])
            })).sorted()
            let k = min(calibration.folds, districts.count)
            let foldOf = Dictionary(uniqueKeysWithValues: districts.enumerated().map { ($1, $0 % k) })
            result.folds = (0..<k).map { f in districts.filter { foldOf[$0] == f } }
            for f in 0..<k {
                let keep: (Int) -> Bool = { foldOf[schools[$0].district] != f }
                let training = calibration.targets.compactMap { $0.restricted(to: keep, authorities: { foldOf[$0] != f }) }
                let x = search(targets: training, from: best, step: 0.05, evaluations: calibration.foldEvaluations ?? calibration.evaluations,
                               label: "fold \(f + 1) of \(k): ")
                let held = evaluate(x, targets: training).0.figures
                for target in calibration.validation {
                    guard let t = target.restricted(to: { foldOf[schools[$0].district] == f }, authorities: { foldOf[$0] == f }) else { continue }
                    result.outOfFold.append(FittedFigure(target: t, fitted: held.value(of: t), fold: f + 1))
                }
            }
            result.history = history
        }
        return result
    }

    /// The fit of attractiveness under `model`, and the figures it gives.
    static func evaluate(base: SimulationSpec, model: PreferenceModel, attractiveness start: [Double],
                         warm: ChanceExpectations?, calibration: CalibrationSpec, threads: Int, first: Bool = true) -> Evaluation {
        var spec = base
        spec.preferences = .model(model)
        var a = start
        var expectations = warm
        var contraction: AttractivenessContraction.Outcome? = nil
        func simulator(iterations: Int? = nil) -> Simulator {
            spec.region = base.region.withAttractiveness(a)
            return Simulator(spec: spec, threads: threads, warmStart: expectations, expectationIterations: iterations)
        }
        // Chance-aware families: short solves of their expectations alternate with the fit of
        // attractiveness, and a full solve ends the evaluation.
        let short = model.chances == nil ? nil : 2
        var sim = simulator(iterations: short)
        if let fit = calibration.attractiveness {
            switch fit.source {
            case .firstPreferences:
                // The contraction is exact for fixed chance expectations; alternate it with the
                // expectations they lead to until attractiveness stops moving.
                // Eligibility (who may list a selective school) does not depend on attractiveness.
                let rules = (1...min(4, max(1, calibration.rounds))).map {
                    PriorityRules(region: base.region, seed: base.seed, replication: UInt32($0), lotteryScope: base.lotteryScope)
                }
                for _ in 0..<(model.chances == nil ? 1 : 15) {
                    let outcome = AttractivenessContraction.solve(choiceSets: sim.choiceSets!, rules: rules, model: model,
                                                                  targets: fit.targets)
                    contraction = outcome
                    for s in a.indices { a[s] += outcome.shift[s] }
                    expectations = sim.expectations
                    sim = simulator(iterations: short)
                    let settled = sim.expectations.map { $0.converged } ?? true
                    if settled && outcome.shift.map(abs).max() ?? 0 < 1e-3 { break }
                }
            case .offers:
                let slope = model.schoolEffects[.attractiveness] ?? 1
                for _ in 0..<(first ? fit.iterations : fit.refitIterations) {
                    let figures = SimulatedFigures(simulator: sim, rounds: calibration.rounds, threads: threads)
                    for s in a.indices {
                        guard let target = fit.targets[s], slope != 0 else { continue }
                        let pan = Double(spec.region.schools[s].pan), offered = figures.offers[s]
                        if offered >= pan - 0.5 && target >= pan - 0.5 { continue }
                        a[s] += fit.damping * (log(max(target, 0.5)) - log(max(offered, 0.5))) / slope
                    }
                    expectations = sim.expectations
                    sim = simulator(iterations: short)
                }
            }
        }
        if model.chances != nil {
            expectations = sim.expectations
            sim = simulator()
        }
        let figures = SimulatedFigures(simulator: sim, rounds: calibration.rounds, threads: threads)
        return Evaluation(attractiveness: a, simulator: sim, figures: figures, contraction: contraction)
    }

    /// Σ over statistics of weight × mean over its rows of ((fitted − observed) / scale)²; a figure
    /// the model leaves undefined counts as if it were 0.
    static func objective(_ targets: [CalibrationTarget], _ figures: SimulatedFigures) -> Double {
        var groups: [String: (sum: Double, count: Int, weight: Double)] = [:]
        for t in targets {
            let fitted = figures.value(of: t) ?? 0
            let z = (fitted - t.observed) / t.scale
            groups[t.statistic.name, default: (0, 0, t.weight)].sum += z * z
            groups[t.statistic.name]!.count += 1
        }
        return groups.keys.sorted().reduce(0) { total, name in
            let g = groups[name]!
            return total + g.weight * g.sum / Double(g.count)
        }
    }
}
