import Foundation
import KimCore
import KimTestSupport
import Testing

@Suite struct CSVReaderTests {
    func rows(_ text: String, chunk: Int = 7) throws -> [CSVReader.Row] {
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("x.csv")
            try Data(text.utf8).write(to: url)
            let reader = try CSVReader(url: url, path: "x.csv", chunkSize: chunk)
            var out: [CSVReader.Row] = []
            while let r = try reader.next() { out.append(r) }
            return out
        }
    }

    @Test func quotedCellsLineBreaksAndLines() throws {
        let r = try rows("\u{FEFF}id,name\r\n1,\"Müller, \"\"Anna\"\"\"\n\n2,\"two\nlines\"\n3,x")
        #expect(r.map(\.cells) == [["id", "name"], ["1", "Müller, \"Anna\""], ["2", "two\nlines"], ["3", "x"]])
        #expect(r.map(\.line) == [1, 2, 4, 6])
    }

    /// Old Mac spreadsheets end lines with a lone CR; read as one row, a CR-only file was a
    /// header of client names and no clients (issue 19).
    @Test func loneCarriageReturnsEndRows() throws {
        let r = try rows("id;name\r1;Anna\r2;\"two\rlines\"\r\r3;x\r")
        #expect(r.map(\.cells) == [["id", "name"], ["1", "Anna"], ["2", "two\rlines"], ["3", "x"]])
        #expect(r.map(\.line) == [1, 2, 3, 6])
    }

    @Test func semicolonsFromGermanSpreadsheets() throws {
        #expect(try rows("a;b\n1,5;2\n").map(\.cells) == [["a", "b"], ["1,5", "2"]])
    }

    @Test func errorsNameFileAndLine() throws {
        #expect(throws: KimError("x.csv:2: a quoted cell is never closed; add the closing quote")) { try rows("a\n\"open\n") }
        #expect(throws: KimError("x.csv:1: text after a closing quote; put the whole cell in quotes and double any quote inside (\"\")")) { try rows("\"a\"b\n") }
    }
}
