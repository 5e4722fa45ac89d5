import Foundation
import Testing
@testable import HTMLReport

@Suite struct ReaderTests {
    @Test func csvFieldsWithCommasQuotesAndLineBreaks() throws {
        let table = try CSVText(file: "t.csv", text: "a,b,c\n1,\"x, \"\"y\"\"\",\n\n\"multi\nline\",2,3\r\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.records.map(\.fields) == [["1", "x, \"y\"", ""], ["multi\nline", "2", "3"]])
        #expect(table.records.map(\.line) == [2, 4])
    }

    @Test func malformedCSVIsLocated() {
        #expect(throws: ReportInputError(file: "t.csv", line: 3, message: "expected 2 fields, found 3")) {
            try CSVText(file: "t.csv", text: "a,b\n1,2\n1,2,3\n")
        }
        #expect(throws: ReportInputError(file: "t.csv", line: 2, message: "malformed CSV: a quoted field is not closed")) {
            try CSVText(file: "t.csv", text: "a,b\n\"1,2\n")
        }
    }

    @Test func missingAndCorruptFilesNameTheFileLineAndField() throws {
        let (_, files) = try runScenario("comprehensive-town.yaml", replications: 1)
        var missing = files
        missing["metrics.csv"] = nil
        #expect { try RunOutputs.read(files: missing, folder: "out/x") } throws: {
            ($0 as? ReportInputError)?.file == "out/x/metrics.csv" && "\($0)".contains("missing")
        }
        // A number that is not a number, on the third line of schools.csv.
        var corrupt = files
        var lines = files["schools.csv"]!.components(separatedBy: "\n")
        let header = lines[0].components(separatedBy: ",")
        var fields = lines[2].components(separatedBy: ",")
        fields[header.firstIndex(of: "pan")!] = "lots"
        lines[2] = fields.joined(separator: ",")
        corrupt["schools.csv"] = lines.joined(separator: "\n")
        #expect(throws: ReportInputError(file: "out/schools.csv", line: 3, field: "pan", message: "expected a whole number, found 'lots'")) {
            try RunOutputs.read(files: corrupt, folder: "out")
        }
        // Truncated JSON: at the line where the text stops, in FairPlaces' words, not Foundation's.
        var truncated = files
        let cut = String(files["metrics.json"]!.prefix(200))
        truncated["metrics.json"] = cut
        #expect { try RunOutputs.read(files: truncated, folder: "out") } throws: {
            let e = $0 as? ReportInputError
            return e?.file == "out/metrics.json" && e?.line == cut.split(separator: "\n", omittingEmptySubsequences: false).count
                && e?.message.hasPrefix("not valid JSON: the text ends") == true && !"\($0)".contains("given data")
        }
        // A school's coordinate as text: the line of that value and its coding path.
        var mistyped = files
        let json = files["metrics.json"]!
        let x = json.range(of: "\"x_km\" : ")!
        let end = json[x.upperBound...].firstIndex { $0 == "," || $0 == "\n" }!
        mistyped["metrics.json"] = json.replacingCharacters(in: x.upperBound..<end, with: "\"far\"")
        let xLine = json[..<x.lowerBound].filter { $0 == "\n" }.count + 1
        #expect(throws: ReportInputError(file: "out/metrics.json", line: xLine, field: "schools[0].x_km", message: "expected a number")) {
            try RunOutputs.read(files: mistyped, folder: "out")
        }
        // schools.csv from another run.
        let (_, other) = try runScenario("selective-county.yaml", replications: 1)
        var mixed = files
        mixed["schools.csv"] = other["schools.csv"]
        #expect { try RunOutputs.read(files: mixed, folder: "out") } throws: {
            "\($0)".contains("different runs")
        }
    }
}
