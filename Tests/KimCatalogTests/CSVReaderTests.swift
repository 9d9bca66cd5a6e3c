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

    /// Every row and every refusal, in order: a structural error refuses its row only.
    func outcomes(_ text: String, chunk: Int = 7) throws -> [String] {
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("x.csv")
            try Data(text.utf8).write(to: url)
            let reader = try CSVReader(url: url, path: "x.csv", chunkSize: chunk)
            var out: [String] = []
            while true {
                do {
                    guard let r = try reader.next() else { break }
                    out.append("\(r.line): " + r.cells.joined(separator: "|"))
                } catch {
                    out.append("\(reader.lastFailure?.line ?? -1): refused")
                }
            }
            return out
        }
    }

    /// Issue 19: a structural error in row 5000 left every row after it unread.
    @Test("after a structural error reading goes on with the next row", arguments: [3, 7, 64 * 1024])
    func goesOnAfterErrors(chunk: Int) throws {
        let text = "a,b\n1,x\n2,\"open\n3,y\n4,q\"uote\n5,z\n6,\"two\nlines\"\n7,\"a\"b\n8,w\n9,\"never"
        #expect(try outcomes(text, chunk: chunk) == [
            "1: a|b", "2: 1|x",
            "3: refused",  // the quote opened in line 3 runs to the quote in line 5: refused, line 4 read again
            "4: 3|y", "5: refused", "6: 5|z", "7: 6|two\nlines", "9: refused", "10: 8|w", "11: refused",
        ])
    }

    @Test("a cell over the size limit refuses its row, quoted or not, and the next row is read")
    func cellLimit() throws {
        let long = String(repeating: "x", count: CSVReader.maxCellBytes + 1)
        let ok = String(repeating: "x", count: CSVReader.maxCellBytes)
        #expect(try outcomes("a\n\(long)\nb\n\"\(long)\"\nc\n\(ok)\n", chunk: 4096) == ["1: a", "2: refused", "3: b", "4: refused", "5: c", "6: \(ok)"])
        // An unclosed quote is cut at the limit, and reading goes on at the line after it.
        let lines = (1...3000).map { "r\($0)" }.joined(separator: "\n")
        let r = try outcomes("a\n\"open\n\(lines)\n", chunk: 4096)
        #expect(r.first == "1: a" && r[1] == "2: refused" && r[2] == "3: r1" && r.last == "3002: r3000" && r.count == 3002)
    }
}
