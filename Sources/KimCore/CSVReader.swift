public import Foundation

/// Reads a CSV file (RFC 4180) row by row, in chunks, so memory stays flat however long the file
/// is: quoted cells may hold commas, doubled quotes and line breaks; CRLF, LF and a lone CR (old
/// Mac spreadsheets) end rows, so a CR-only file is not read as one long row of names; a
/// UTF-8 byte-order mark (Excel writes one) is skipped. The separator is `,`, or `;` when the
/// first row has semicolons and no commas (what German spreadsheet programs write).
public final class CSVReader {
    public struct Row: Sendable {
        public let cells: [String]
        /// The line the row starts on (1-based).
        public let line: Int
    }

    private let handle: FileHandle?
    private let path: String
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var separator = UInt8(ascii: ",")
    private let chunkSize: Int

    /// `path` is how errors name the file.
    public init(url: URL, path: String, chunkSize: Int = 64 * 1024) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw KimError("\(path): cannot read the file (missing, or not readable).")
        }
        self.handle = handle
        self.path = path
        self.chunkSize = chunkSize
        start()
    }

    /// Reads CSV held in memory (an upload: client data is never written to a file for it).
    public init(data: Data, path: String) {
        handle = nil
        self.path = path
        chunkSize = data.count
        buffer = Array(data)
        atEnd = true
        start()
    }

    private func start() {
        if peek() == 0xEF { // UTF-8 byte-order mark
            if take() == 0xEF, peek() == 0xBB { _ = take(); if peek() == 0xBF { _ = take() } }
        }
        separator = chooseSeparator()
    }

    deinit { try? handle?.close() }

    private func fill() -> Bool {
        if position < buffer.count { return true }
        if atEnd { return false }
        let data = (try? handle?.read(upToCount: chunkSize)) ?? nil
        guard let data, !data.isEmpty else { atEnd = true; return false }
        buffer = Array(data)
        position = 0
        return true
    }

    private func peek() -> UInt8? { fill() ? buffer[position] : nil }
    private func take() -> UInt8? {
        guard fill() else { return nil }
        defer { position += 1 }
        return buffer[position]
    }

    /// The next row, or nil at the end of the file. Empty lines are skipped.
    public func next() throws -> Row? {
        while true {
            guard peek() != nil else { return nil }
            let start = line
            let raw = try readRow(startLine: start)
            if raw.count == 1, raw[0].isEmpty { continue }
            let cells = try raw.map { bytes -> String in
                guard let s = String(validating: bytes, as: UTF8.self) else {
                    throw KimError("\(path):\(start): the file is not UTF-8; save it as \"CSV UTF-8\".")
                }
                return s
            }
            return Row(cells: cells, line: start)
        }
    }

    private func readRow(startLine: Int) throws -> [[UInt8]] {
        var cells: [[UInt8]] = []
        var cell: [UInt8] = []
        var quoted = false
        var sawQuote = false
        while let c = take() {
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") { _ = take(); cell.append(c) } else { quoted = false }
                } else {
                    // A line break inside quotes counts once: CRLF, LF or a lone CR.
                    if c == UInt8(ascii: "\n") || (c == UInt8(ascii: "\r") && peek() != UInt8(ascii: "\n")) { line += 1 }
                    cell.append(c)
                }
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                guard cell.isEmpty, !sawQuote else {
                    throw KimError("\(path):\(line): a quote inside an unquoted cell; put the whole cell in quotes and double the quote (\"\")")
                }
                quoted = true
                sawQuote = true
            case separator:
                cells.append(cell)
                cell = []
                sawQuote = false
            case UInt8(ascii: "\r") where peek() == UInt8(ascii: "\n"):
                continue
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                line += 1
                cells.append(cell)
                return cells
            default:
                if sawQuote, c != UInt8(ascii: " ") {
                    throw KimError("\(path):\(line): text after a closing quote; put the whole cell in quotes and double any quote inside (\"\")")
                }
                cell.append(c)
            }
        }
        if quoted { throw KimError("\(path):\(startLine): a quoted cell is never closed; add the closing quote") }
        cells.append(cell)
        return cells
    }

    /// Looks at the first line in the buffer (without consuming it): `;` if it has semicolons but no commas.
    private func chooseSeparator() -> UInt8 {
        _ = fill()
        var i = position
        var commas = 0, semicolons = 0
        while i < buffer.count, buffer[i] != UInt8(ascii: "\n"), buffer[i] != UInt8(ascii: "\r") {
            if buffer[i] == UInt8(ascii: ",") { commas += 1 }
            if buffer[i] == UInt8(ascii: ";") { semicolons += 1 }
            i += 1
        }
        return semicolons > 0 && commas == 0 ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }
}
