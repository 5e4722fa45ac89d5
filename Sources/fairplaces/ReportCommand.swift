import ArgumentParser
import Foundation
import Reports
import Simulation
import HTMLReport
import ScenarioLoading

/// `fairplaces report DIR`: redraws report.html from a finished run's (or comparison's) output files.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw report.html (self-contained: inline charts, no scripts, no network) from a run's or a comparison's output folder.")

    @Argument(help: "A run's output folder (schools.csv, metrics.csv, metrics.json…), or a comparison's (differences.csv and base/).")
    var directory: String

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let html: String
        do {
            html = try HTMLReport.render(directory: directory)
        } catch let error as ReportInputError {
            // Located as scenario errors are (file:line: field: message, cut to one line), so an
            // editor can jump to it.
            throw fail(ScenarioError(file: error.file, line: error.line, field: error.field ?? "", message: error.message).description)
        }
        do {
            try HTMLReport.write(html, to: directory)
        } catch {
            throw fail("cannot write the report to \(directory): \(plainWords(error))", code: 3)
        }
        if !quiet { print("Report written to \((directory as NSString).appendingPathComponent(HTMLReport.fileName))") }
    }
}

extension Run {
    /// Adds map.csv, outlines.csv and report.html to a run's files. The report is drawn from the files' contents
    /// exactly as `fairplaces report` reads them back, so both give the same bytes; it is written
    /// with the other files through the staging folder, so a run that fails leaves no report.
    func addReport(to files: inout OutputFiles, result: SimulationResult, directory: String) throws {
        files.append(MapFile.fileName, MapFile.csv(result.spec.region))
        files.append(OutlinesFile.fileName, OutlinesFile.csv(result.spec.region))
        let contents = Dictionary(files.files.map { ($0.name, $0.contents) }, uniquingKeysWith: { a, _ in a })
        do {
            let run = try RunOutputs.read(files: contents, folder: directory)
            files.append(HTMLReport.fileName, HTMLReport.render(run))
        } catch let error as ReportInputError {
            throw fail("cannot draw the report: \(error.description)")
        }
    }
}
