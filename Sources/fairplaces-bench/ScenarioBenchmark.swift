import Foundation
import FairPlacesCore
import Allocation
import Metrics
import Simulation
import ScenarioLoading
import Reports

/// `fairplaces-bench --scenario FILE`: one scenario's whole run on one core, phase by phase (processor
/// time, so figures hold on a loaded machine) — what
/// `fairplaces run FILE --threads 1` does — with the peak memory, so a slow run says where its
/// time goes (issue #6: the national run).
enum ScenarioBenchmark {
    static func run(path: String) {
        // Processor time of the process (user + system): every phase runs on this one thread, and on
        // a shared machine processor time, unlike the wall clock, does not count other work.
        func seconds(_ body: () throws -> Void) rethrows -> Double {
            let start = processorSeconds()
            try body()
            return processorSeconds() - start
        }
        let start = processorSeconds()
        var loaded: LoadedScenario!
        do {
            let t = try seconds { loaded = try ScenarioLoader.load(path: path) }
            print("FairPlaces scenario benchmark: \(path)")
            print("  load (files → region, pupils):    \(ms(t))")
        } catch {
            print("fairplaces-bench: \(error)")
            exit(1)
        }
        let spec = loaded.spec
        print("  \(spec.region.pupils.count) pupils, \(spec.region.schools.count) schools, \(spec.replications) replication(s)")
        var simulator: Simulator!
        print("  simulator set-up (choice sets, metrics context): \(ms(seconds { simulator = Simulator(spec: spec) }))")
        let admissions = CoordinatedAdmissions(spec.mechanism, serialOrder: spec.serialOrder, unplacedRule: spec.unplacedRule)
        var rules: PriorityRules!
        print("  replication 1, phase by phase:")
        print("    priority rules + test scores:   \(ms(seconds { rules = PriorityRules(region: spec.region, seed: spec.seed, replication: 1, lotteryScope: spec.lotteryScope) }))")
        var lists = PreferenceLists(pupils: spec.region.pupils.count, length: 1)
        if case .model(let model) = spec.preferences {
            lists = PreferenceLists(pupils: spec.region.pupils.count, length: model.listLength)
            print("    preferences (logit top-L):      \(ms(seconds { PreferenceSampler.sample(choiceSets: simulator.choiceSets!, rules: rules, model: model, seed: spec.seed, replication: 1, into: &lists) }))")
        } else if case .stated(let stated) = spec.preferences {
            lists = stated
        }
        var allocation: Allocation!
        print("    allocation (EHC, DA, unplaced): \(ms(seconds { allocation = admissions.allocate(rules: rules, preferences: lists, seed: spec.seed, replication: 1) }))")
        print("    metrics:                        \(ms(seconds { var r = MetricRecorder(collectKeys: true); AllocationMetrics.compute(context: simulator.metricsContext, rules: rules, preferences: lists, allocation: allocation, into: &r) }))")
        var result: SimulationResult!
        print("  Simulator.run, 1 thread (all replications, summaries, bootstrap): \(ms(seconds { result = simulator.run(threads: 1) }))")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-bench-\(getpid())").path
        print("  outputs written:                  \(ms(seconds { try? OutputFiles(result: result, scenarioFile: path, description: loaded.description, includePupils: false).write(to: out) }))")
        try? FileManager.default.removeItem(atPath: out)
        var table = ""
        print("  terminal summary:                 \(ms(seconds { table = SummaryTable.render(result) }))  (\(table.split(separator: "\n").count) lines)")
        print("  in-process total (phases above, replication 1 twice): \(ms(processorSeconds() - start))")
        print("  peak resident memory:             \(peakMemory())")
    }

    static func ms(_ s: Double) -> String { String(format: "%.0f ms", s * 1000) }

    /// User plus system processor time of this process so far.
    static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }

    /// VmHWM from /proc/self/status (Linux): the process's peak resident set.
    static func peakMemory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "unknown" }
        let kb = Double(line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0)
        return String(format: "%.0f MB", kb / 1024)
    }
}
