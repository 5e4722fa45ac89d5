import Foundation
import FairPlacesCore

/// `fairplaces-bench --stated-csv N`: writes a region of N pupils with stated preferences (six
/// schools each, of 100) as a pupils CSV, a schools CSV and a scenario in a temporary folder, then
/// runs the scenario benchmark on it, so reading a large file is timed phase by phase (issue #15:
/// 100,000 rows in ≤ 0.3 s). The same folder can be run whole with `--keep` and `/usr/bin/time`.
enum StatedFilesBenchmark {
    static func run(pupils: Int, keep: Bool) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-bench-stated-\(pupils)").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let schoolCount = 100, side = 40.0
        let rng = RandomStream(seed: 15, replication: 0, purpose: .region)
        var schools = "id,name,type,x_km,y_km,pan,criteria,tie_break\n"
        for s in 0..<schoolCount {
            let x = rng.uniform(entity: s, draw: 0) * side, y = rng.uniform(entity: s, draw: 1) * side
            schools += "S\(s),School \(s),\(s % 3 == 0 ? "academy" : "community"),\(fixed(x)),\(fixed(y)),"
                + "\((pupils / schoolCount + 29) / 30 * 30),looked_after;sibling,distance\n"
        }
        var rows = "id,x_km,y_km,fsm,idaci_score,attainment,looked_after,ehc_school,sibling_school,preferences\n"
        rows.reserveCapacity(pupils * 80)
        for i in 0..<pupils {
            let e = schoolCount + i
            let x = rng.uniform(entity: e, draw: 0) * side, y = rng.uniform(entity: e, draw: 1) * side
            let fsm = rng.uniform(entity: e, draw: 2) < 0.2
            var listed: [Int] = []
            var d = 3
            while listed.count < 6 {
                let s = Int(rng.uniform(entity: e, draw: d) * Double(schoolCount)) % schoolCount
                if !listed.contains(s) { listed.append(s) }
                d += 1
            }
            let sibling = rng.uniform(entity: e, draw: 20) < 0.1 ? "S\(listed[0])" : ""
            rows += "P\(i),\(fixed(x)),\(fixed(y)),\(fsm ? 1 : 0),\(fixed(rng.uniform(entity: e, draw: 21) * 0.6)),"
                + "\(fixed(rng.uniform(entity: e, draw: 22) * 4 - 2)),0,,\(sibling),"
                + listed.map { "S\($0)" }.joined(separator: ";") + "\n"
        }
        let scenario = """
            name: Stated preferences at scale
            description: \(pupils) pupils with six stated preferences each among \(schoolCount) schools (fairplaces-bench --stated-csv).
            seed: 15
            replications: 1
            region:
              files:
                pupils: pupils.csv
            schools:
              file: schools.csv
            preferences:
              source: stated
              list_length: 6

            """
        do {
            try rows.write(toFile: folder + "/pupils.csv", atomically: true, encoding: .utf8)
            try schools.write(toFile: folder + "/schools.csv", atomically: true, encoding: .utf8)
            try scenario.write(toFile: folder + "/scenario.yaml", atomically: true, encoding: .utf8)
        } catch {
            print("fairplaces-bench: cannot write the files to \(folder)")
            exit(1)
        }
        print("wrote \(folder)/pupils.csv (\(pupils) rows, \(rows.utf8.count / 1_000_000) MB)")
        ScenarioBenchmark.run(path: folder + "/scenario.yaml")
        if keep {
            print("kept \(folder): time the whole process with /usr/bin/time -v fairplaces run \(folder)/scenario.yaml --threads 1")
        } else {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    private static func fixed(_ v: Double) -> String { String(format: "%.3f", v) }
}
