public import Foundation

/// Reads a CSV file (RFC 4180) row by row, in chunks, so memory stays flat however long the file
/// is: quoted cells may hold commas, doubled quotes and line breaks; CRLF, LF and a lone CR (old
/// Mac spreadsheets) end rows, so a CR-only file is not read as one long row of names; a
/// UTF-8 byte-order mark (Excel writes one) is skipped. The separator is `,`, or `;` when the
/// first row has semicolons and no commas (what German spreadsheet programs write).
///
/// A row with a structural error (a quote inside an unquoted cell, text after a closing quote, a
/// quoted cell never closed, a cell over `maxCellBytes`) is refused on its own: `next()` throws
/// for it and the following call goes on with the next row, so one bad row never takes the rest
/// of the file with it. The next row starts after the end of the bad row's line; if the error is
/// in a quoted cell that ran over several lines (an unclosed quote swallows every line up to the
/// next quote), at the line after the one where that quote was opened.
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
    /// Set when reading the file failed part-way (then `next()` throws, never reports a short file).
    private var readFailed = false

    /// The largest cell, in bytes of UTF-8 (`SizeLimits.textBytes`): a longer one is refused as
    /// a structural error of its row, so memory and layout time stay bounded.
    public static let maxCellBytes = SizeLimits.textBytes

    /// The line the last refused row starts on and the reason (the thrown error names the file
    /// and the line of the error); callers that count rows name it by its row number.
    public private(set) var lastFailure: (line: Int, reason: String)?

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
        let data: Data?
        do { data = try handle?.read(upToCount: chunkSize) } catch { readFailed = true; atEnd = true; return false }
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

    /// The next row, or nil at the end of the file. Empty lines are skipped. A row with a
    /// structural error throws (`lastFailure` says where) and is skipped: call again for the next.
    public func next() throws -> Row? {
        lastFailure = nil
        while true {
            guard peek() != nil else {
                if readFailed {
                    readFailed = false
                    throw KimError("\(path):\(line): the file could not be read from here on (a disk or network error); copy it to a local disk and run again.")
                }
                return nil
            }
            let start = line
            let raw: [[UInt8]]
            do {
                raw = try readRow(startLine: start)
            } catch let failure as Failure {
                lastFailure = (start, failure.reason)
                throw KimError("\(path):\(failure.line): \(failure.reason)")
            }
            if raw.count == 1, raw[0].isEmpty { continue }
            let cells = try raw.map { bytes -> String in
                guard let s = String(validating: bytes, as: UTF8.self) else {
                    lastFailure = (start, "the file is not UTF-8; save it as \"CSV UTF-8\".")
                    throw KimError("\(path):\(start): the file is not UTF-8; save it as \"CSV UTF-8\".")
                }
                return s
            }
            return Row(cells: cells, line: start)
        }
    }

    private struct Failure: Error {
        let line: Int
        let reason: String
    }

    private func readRow(startLine: Int) throws -> [[UInt8]] {
        var cells: [[UInt8]] = []
        var cell: [UInt8] = []
        var quoted = false
        var sawQuote = false
        // The bytes after the first line break inside the last quoted cell, and the line they
        // start on: where reading goes on if that cell turns out to be broken.
        var tail: [UInt8]? = nil
        var tailLine = 0
        /// Refuses the row and moves to where the next one starts.
        func fail(_ reason: String, line failedLine: Int, inQuotedCell: Bool) -> Failure {
            if inQuotedCell, let tail {
                buffer = tail + buffer[position...]
                position = 0
                line = tailLine
            } else {
                skipRestOfLine()
            }
            return Failure(line: failedLine, reason: reason)
        }
        let tooLong = "a cell longer than \(Self.maxCellBytes) bytes (or a quote that is never closed); shorten the cell or close the quote"
        while let c = take() {
            if tail != nil { tail?.append(c) }
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") {
                        _ = take()
                        if tail != nil { tail?.append(c) }
                        cell.append(c)
                    } else {
                        quoted = false
                    }
                } else {
                    // A line break inside quotes counts once: CRLF, LF or a lone CR.
                    if c == UInt8(ascii: "\n") || (c == UInt8(ascii: "\r") && peek() != UInt8(ascii: "\n")) {
                        line += 1
                        if tail == nil { tail = []; tailLine = line }
                    }
                    cell.append(c)
                }
                if cell.count > Self.maxCellBytes { throw fail(tooLong, line: startLine, inQuotedCell: true) }
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                guard cell.isEmpty, !sawQuote else {
                    throw fail("a quote inside an unquoted cell; put the whole cell in quotes and double the quote (\"\")", line: line, inQuotedCell: false)
                }
                quoted = true
                sawQuote = true
                tail = nil
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
                    // After a quoted cell over several lines this is most likely a quote never
                    // closed that ran on to the next quote in the file.
                    if tail != nil {
                        throw fail("a quoted cell runs over several lines into text after its closing quote: probably a quote that is never closed; close it, or double any quote inside the cell (\"\")", line: startLine, inQuotedCell: true)
                    }
                    throw fail("text after a closing quote; put the whole cell in quotes and double any quote inside (\"\")", line: line, inQuotedCell: true)
                }
                cell.append(c)
                if cell.count > Self.maxCellBytes { throw fail(tooLong, line: line, inQuotedCell: false) }
            }
        }
        if quoted { throw fail("a quoted cell is never closed; add the closing quote", line: startLine, inQuotedCell: true) }
        cells.append(cell)
        return cells
    }

    /// Consumes bytes up to and including the next line break (CRLF, LF or CR).
    private func skipRestOfLine() {
        while let c = take() {
            if c == UInt8(ascii: "\n") { line += 1; return }
            if c == UInt8(ascii: "\r") {
                if peek() == UInt8(ascii: "\n") { _ = take() }
                line += 1
                return
            }
        }
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
