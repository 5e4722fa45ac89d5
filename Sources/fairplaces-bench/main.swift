// The foundation benchmark (issue #2): a synthetic region the size of a large county
// (18,000 pupils, 100 schools, 6 preferences). Times one replication by phase on one core, then
// many replications on all threads. Run with `make bench` (release build).
import Foundation
import FairPlacesCore
import Allocation
import Metrics
import Simulation
import LinearAlgebra
import Funding
import ScenarioLoading

func argument(_ name: String, _ fallback: Int) -> Int {
    let args = CommandLine.arguments
    if let k = args.firstIndex(of: "--\(name)"), k + 1 < args.count, let v = Int(args[k + 1]) { return v }
    return fallback
}

if CommandLine.arguments.contains("--indices") {
    IndexBenchmark.run(schools: argument("schools", 3_500), groups: argument("groups", 10),
                       tables: argument("tables", 1_000), threads: argument("threads", ProcessInfo.processInfo.activeProcessorCount))
    exit(0)
}

if let k = CommandLine.arguments.firstIndex(of: "--scenario"), k + 1 < CommandLine.arguments.count {
    ScenarioBenchmark.run(path: CommandLine.arguments[k + 1])
    exit(0)
}
if CommandLine.arguments.contains("--stated-csv") {
    StatedFilesBenchmark.run(pupils: argument("stated-csv", 100_000), keep: CommandLine.arguments.contains("--keep"))
    exit(0)
}
// The sweep benchmark (issue #7): runs with and without the results store.
if CommandLine.arguments.contains("--sweep") {
    SweepBenchmark.run(runs: argument("runs", 10_000), block: argument("block", 1_000),
                       threads: argument("threads", ProcessInfo.processInfo.activeProcessorCount))
    exit(0)
}

let pupilCount = argument("pupils", 18_000)
let schoolCount = argument("schools", 100)
let listLength = argument("preferences", 6)
let replications = argument("replications", 1_000)
let threads = argument("threads", ProcessInfo.processInfo.activeProcessorCount)
let repeats = argument("repeats", 20)

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var spec = SyntheticRegionSpec()
spec.widthKm = 60; spec.heightKm = 40; spec.pupils = pupilCount; spec.townCount = 12
var generated = SyntheticRegionSpec.GeneratedSchools(count: schoolCount)
generated.typeShares = [(.community, 0.4), (.academy, 0.5), (.grammar, 0.1)]
spec.generatedSchools = generated
// `--rich`: the richest arrangement (issue #3): grammar schools select with tutoring; every other
// school bands its applicants in three bands and keeps 20% of places for pupil-premium pupils and
// 10% for aptitude.
let rich = CommandLine.arguments.contains("--rich")
let arrangements: (SchoolType) -> AdmissionArrangements = { type in
    if type == .grammar {
        return AdmissionArrangements(criteria: [.lookedAfter, .sibling], tieBreak: .distance,
                                     selection: Selection(tutoringBoost: rich ? 0.4 : 0))
    }
    guard rich else { return AdmissionArrangements(criteria: [.lookedAfter, .sibling], tieBreak: .distance) }
    return AdmissionArrangements(criteria: [.lookedAfter, .medicalNeed, .sibling], tieBreak: .distance,
                                 quotas: [SeatQuota(share: 0.2, eligibility: .meets(.pupilPremium)),
                                          SeatQuota(share: 0.1, eligibility: .aptitude)],
                                 banding: Banding(bands: 3, reference: .applicants))
}
var region: Region!
let tRegion = seconds { region = SyntheticRegionGenerator.generate(spec: spec, arrangements: arrangements, seed: 42) }
let model = PreferenceModel(listLength: listLength, consideredSchools: 20, distancePerKm: -0.4,
                            distanceInteractions: [.fsm: -0.1],
                            schoolEffects: [.attractiveness: 1.0, .selective: 0.5],
                            interactions: [.init(pupil: .attainment, school: .selective, coefficient: 1.0)])
let simSpec = SimulationSpec(name: "bench", region: region, preferences: .model(model), seed: 42, replications: replications)
var simulator: Simulator!
let tSetup = seconds { simulator = Simulator(spec: simSpec) }

// The BLAS calls alone, on preallocated operands of the shapes ChoiceSets uses (blocks of 4,096
// pupils): per block one GEMM for squared distances (block × 4 · 4 × schools), one GEMM for feature
// utilities (block × 4 · 4 × schools) and one GEMV for distance coefficients.
let block = 4096
let blocks = (pupilCount + block - 1) / block
let homes = Matrix(rows: block, columns: 4, repeating: 0.5)
let siteRows = Matrix(rows: schoolCount, columns: 4, repeating: 0.25)
let weightsMatrix = Matrix(rows: 4, columns: schoolCount, repeating: 0.25)
var product = Matrix(rows: block, columns: schoolCount)
var perKm = [Double](repeating: 0, count: block)
let coefficients = [Double](repeating: 0.1, count: 4)
let blasRepeats = 20
let tBLASSetup = seconds {
    for _ in 0..<blasRepeats {
        for _ in 0..<blocks {
            BLAS.gemm(homes, siteRows, transB: .transposed, into: &product)
            BLAS.gemm(homes, weightsMatrix, into: &product)
            BLAS.gemv(homes, coefficients, into: &perKm)
        }
    }
} / Double(blasRepeats)
// Above ChoiceSets.denseSchoolLimit schools the set-up finds each pupil's nearest schools among
// candidates instead (no GEMM); the dense path, every school by block GEMMs, is timed on its own.
let indexed = schoolCount > ChoiceSets.denseSchoolLimit
let tDense = indexed ? seconds { _ = ChoiceSets(region: region, model: model, strategy: .dense) } : tSetup

// One replication, phase by phase, on this thread.
var tRules = 0.0, tPrefs = 0.0, tAlloc = 0.0, tMetrics = 0.0
let admissions = CoordinatedAdmissions(mechanism: DeferredAcceptance())
var lists = PreferenceLists(pupils: pupilCount, length: listLength)
for r in 1...repeats {
    var rules: PriorityRules!
    tRules += seconds { rules = PriorityRules(region: region, seed: 42, replication: UInt32(r)) }
    tPrefs += seconds {
        PreferenceSampler.sample(choiceSets: simulator.choiceSets!, rules: rules, model: model,
                                 seed: 42, replication: UInt32(r), into: &lists)
    }
    var allocation: Allocation!
    tAlloc += seconds { allocation = admissions.allocate(rules: rules, preferences: lists, seed: 42, replication: UInt32(r)) }
    tMetrics += seconds {
        var recorder = MetricRecorder(collectKeys: false)
        AllocationMetrics.compute(context: simulator.metricsContext, rules: rules, preferences: lists,
                                  allocation: allocation, into: &recorder)
    }
}
let perRep = (tRules + tPrefs + tAlloc + tMetrics) / Double(repeats)

// Deferred acceptance alone on the last replication's problem (issue #15: ≤ 60 ns per application
// on 100,000 pupils, 1,000 schools, 6 preferences). A pupil applies to each school on their list in
// turn up to the one that finally holds them (every school, if none does).
var tDA = 0.0, applications = 0
do {
    let rules = PriorityRules(region: region, seed: 42, replication: UInt32(repeats))
    let (problem, _) = admissions.problem(rules: rules, preferences: lists)
    var matching: Matching!
    // The fastest of the repeats: other load on a shared machine only ever adds time.
    tDA = .infinity
    for _ in 0..<repeats { tDA = min(tDA, seconds { matching = DeferredAcceptance().match(problem) }) }
    for i in 0..<pupilCount where problem.participates[i] {
        applications += matching.rank[i] >= 0 ? Int(matching.rank[i]) + 1 : lists.list(of: i).count
    }
}
var tFull = 0.0
tFull = seconds { for r in 1...repeats { _ = simulator.replication(r) } } / Double(repeats)

var result: SimulationResult!
let tMany = seconds { result = simulator.run(threads: threads) }

func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1000) }
print("FairPlaces foundation benchmark: \(pupilCount) pupils, \(schoolCount) schools, \(listLength) preferences"
      + (rich ? "; richest arrangements (selection with tutoring, banding, pupil-premium and aptitude quotas)" : ""))
print("  region generation (once):         \(ms(tRegion))")
print("  simulator set-up (once):          \(ms(tSetup))  [choice sets: distances, utilities, nearest k"
      + (indexed ? " among grid candidates; no GEMM]" : " by block GEMMs]"))
if indexed { print("  dense choice sets (block GEMMs over every school, as up to \(ChoiceSets.denseSchoolLimit) schools): \(ms(tDense))") }
print("    of which BLAS calls:        \(ms(tBLASSetup))  (\(blocks) blocks × 2 GEMM + 1 GEMV)")
print("  one replication, 1 core (mean of \(repeats)):")
print("    priority rules + test scores:   \(ms(tRules / Double(repeats)))")
print("    preferences (logit top-L):      \(ms(tPrefs / Double(repeats)))")
print("    allocation (EHC, DA, unplaced): \(ms(tAlloc / Double(repeats)))")
print("    metrics:                        \(ms(tMetrics / Double(repeats)))")
print("    deferred acceptance alone (fastest of \(repeats)): \(ms(tDA))  (\(applications) applications, "
      + "\(String(format: "%.1f", tDA * 1e9 / Double(max(1, applications)))) ns per application)")
print("    total by phase:                 \(ms(perRep))")
print("    Simulator.replication (whole):  \(ms(tFull))")
print("  \(replications) replications on \(threads) threads: \(String(format: "%.2f s", tMany))  (\(ms(tMany / Double(replications))) per replication)")
// Choice sets (and so every BLAS call) are computed once per simulation; replications only draw.
let perReplicationTotal = tDense / Double(replications) + tMany / Double(replications)
print("  BLAS share: \(String(format: "%.1f%%", 100 * tBLASSetup / tDense)) of the dense set-up; 0% inside a replication; " +
      "\(String(format: "%.2f%%", 100 * (tBLASSetup / Double(replications)) / perReplicationTotal)) of the \(replications)-replication run on it")
let firstShare = result.summary(MetricKey(.region, "first_preference_share"))!
print("  check: \(result.keys.count) figures per replication; first-preference share \(String(format: "%.3f", firstShare.mean)), " +
      "FSM dissimilarity \(String(format: "%.3f", result.summary(MetricKey(.region, "dissimilarity", attribute: "fsm", category: "fsm"))!.mean))")

// Funding (issue #5): the 2024-25 formula's budgets of every school, recorded as figures, timed on
// the same replications' allocations (drawn again, untimed), against the phases above. The
// eligibility masks and sparsity distances are built once per simulation.
if let fundingParameters = try? FundingParametersFile.shipped(named: "nff-2024-25") {
    let fundingSpec = FundingSpec(parameters: fundingParameters)
    var fundingContext: FundingContext!
    let tFundingSetup = seconds { fundingContext = FundingContext(region: region, spec: fundingSpec) }
    var tFunding = 0.0, fundingFigures = 0
    for r in 1...repeats {
        let rules = PriorityRules(region: region, seed: 42, replication: UInt32(r))
        PreferenceSampler.sample(choiceSets: simulator.choiceSets!, rules: rules, model: model,
                                 seed: 42, replication: UInt32(r), into: &lists)
        let allocation = admissions.allocate(rules: rules, preferences: lists, seed: 42, replication: UInt32(r))
        var recorder = MetricRecorder(collectKeys: false)
        tFunding += seconds { FundingMetrics.compute(context: fundingContext, allocation: allocation, into: &recorder) }
        fundingFigures = recorder.values.count
    }
    var fundedSpec = simSpec
    fundedSpec.funding = fundingSpec
    let funded = Simulator(spec: fundedSpec)
    let tFullFunded = seconds { for r in 1...repeats { _ = funded.replication(r) } } / Double(repeats)
    let perFunding = tFunding / Double(repeats)
    print("  funding (\(fundingParameters.name), \(fundingFigures) figures):")
    print("    set-up (once):                  \(ms(tFundingSetup))  [eligibility masks, sparsity distances]")
    print("    per replication:                \(ms(perFunding))  = \(String(format: "%.2f%%", 100 * perFunding / perRep)) of the phases above")
    print("    Simulator.replication with funding: \(ms(tFullFunded))  (without: \(ms(tFull)))")
} else {
    print("  funding: Data/funding/nff-2024-25.yaml not found from \(FileManager.default.currentDirectoryPath); run from the repository")
}
