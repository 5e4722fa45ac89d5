import Foundation
import Testing
@testable import HTMLReport

/// School names on the map (issue #16): names, not URNs; the largest school first; no two overlap.
@Suite struct MapLabelTests {
    /// The labels of a map: text, x (middle) and baseline y, from the SVG.
    func labels(_ svg: String) -> [(text: String, x: Double, y: Double)] {
        svg.components(separatedBy: "<text class=\"school-label\" ").dropFirst().map { part in
            func attribute(_ name: String) -> Double {
                let after = part.components(separatedBy: "\(name)=\"")[1]
                return Double(after.prefix { $0 != "\"" })!
            }
            let text = part.components(separatedBy: ">")[1].components(separatedBy: "</text")[0]
            return (text, attribute("x"), attribute("y"))
        }
    }

    @Test func namesTheLargestSchoolsWithoutOverlap() throws {
        let (_, files) = try runScenario("selective-county-funding.yaml")
        let run = try RunOutputs.read(files: files, folder: "out")
        let placed = labels(RegionMap.svg(run))
        #expect(!placed.isEmpty && placed.count <= RegionMap.maxLabels)
        // Names, as schools.csv gives them (escaped for SVG), never bare URNs.
        let names = Set(run.schools.map { Markup.escape($0.name.count > 24 ? String($0.name.prefix(23)) + "…" : $0.name) })
        #expect(placed.allSatisfy { names.contains($0.text) })
        // The school with most places (first in file order on a tie) is always named: it is placed first.
        let largest = run.schools.indices.max { (run.schools[$0].pan, $1) < (run.schools[$1].pan, $0) }!
        #expect(placed.first?.text == Markup.escape(run.schools[largest].name))
        // No two labels' boxes (width ~0.56 em a character, 10 px high) overlap.
        for i in placed.indices {
            for j in placed.indices where j > i {
                let a = placed[i], b = placed[j]
                let wa = Double(a.text.count) * 5.6, wb = Double(b.text.count) * 5.6
                let apart = abs(a.x - b.x) >= (wa + wb) / 2 || abs(a.y - b.y) >= 12
                #expect(apart, "'\(a.text)' and '\(b.text)' overlap")
            }
        }
    }
}
