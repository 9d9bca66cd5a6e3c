import KimCore

/// Reads PO text line by line into entries, keeping each entry's original text.
struct POParser {
    let bytes: [UInt8]
    let path: String

    private enum Slot: Equatable {
        case context, id, idPlural, string(Int)
        case previousContext, previousID, previousIDPlural
    }

    private struct Line {
        let number: Int
        let range: Range<Int>  // bytes, without the line break
        let end: Int  // after the line break
    }

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    func error(_ line: Int, _ column: Int, _ message: String) -> POError {
        POError(file: path, line: line, column: column, message: message)
    }

    private func lines() throws -> [Line] {
        // The whole file is checked at once; only a file with a bad sequence is checked line by line.
        let valid = String(validating: bytes, as: UTF8.self) != nil
        var out: [Line] = []
        var start = 0
        var number = 1
        var i = 0
        // gettext's tools reject a byte order mark ("syntax error" at 1:2); so does kimdoc, saying why.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw error(
                1, 1,
                "the file starts with a byte order mark (BOM, U+FEFF), which gettext's msgfmt rejects; save it as UTF-8 without BOM (Poedit does; in an editor choose \"UTF-8\", not \"UTF-8 with BOM\")")
        }
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == 0x0A {
                var contentEnd = i
                if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                let contentStart = start
                if !valid, String(validating: bytes[contentStart..<contentEnd], as: UTF8.self) == nil {
                    let slice = Array(bytes[contentStart..<contentEnd])
                    throw error(number, Self.invalidUTF8Column(slice), "invalid UTF-8; save the file as UTF-8")
                }
                if i < bytes.count || start < bytes.count {
                    out.append(Line(number: number, range: contentStart..<contentEnd, end: min(i + 1, bytes.count)))
                }
                start = i + 1
                number += 1
            }
            i += 1
        }
        return out
    }

    /// Whether the bytes from `i` on begin with the ASCII `prefix`.
    private func has(_ prefix: StaticString, at i: Int, before end: Int) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard end - i >= n else { return false }
        return prefix.withUTF8Buffer { p in (0..<n).allSatisfy { bytes[i + $0] == p[$0] } }
    }

    /// The number of columns (scalars) in a byte range.
    private func columns(_ range: Range<Int>) -> Int {
        bytes[range].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    private static func invalidUTF8Column(_ bytes: [UInt8]) -> Int {
        var valid = bytes.count
        while valid > 0, String(validating: bytes[..<valid], as: UTF8.self) == nil { valid -= 1 }
        return (String(validating: bytes[..<valid], as: UTF8.self)?.count ?? 0) + 1
    }

    mutating func parse() throws -> POFile {
        let all = try lines()
        var entries: [POEntry] = []
        var current = POEntry.Fields()
        var started = false  // the current entry has any content
        var sawString = false  // the current entry has a msgstr
        var sawID = false  // the current entry has a msgid
        var entryLine = 0
        var chunkStart = 0  // byte offset where the current entry's text begins
        var chunkLine = 1  // the line where the current entry's text begins
        var lastContentLine = 0  // the last line of the current entry
        var stringLines: [Int] = []  // the line of each msgstr / msgstr[n] keyword
        var lastContentEnd = 0  // byte offset after the last line of the current entry
        var slot: Slot? = nil
        var seenKeys: [String: Int] = [:]

        func finish() throws {
            guard started else { return }
            guard sawString else {
                throw error(entryLine, 1, "entry without msgstr; add msgstr \"\" after its msgid")
            }
            if current.idPlural != nil, current.strings.count < 1 {
                throw error(entryLine, 1, "plural entry without msgstr[0]")
            }
            // The header entry (msgid "") may be long; a text to lay out may not.
            if !current.id.isEmpty, ([current.id, current.idPlural ?? ""] + current.strings).contains(where: { $0.utf8.count > SizeLimits.textBytes }) {
                throw error(entryLine, 1, "a text longer than \(SizeLimits.textBytes) bytes; shorten it or split it into several entries")
            }
            let text = String(decoding: bytes[chunkStart..<lastContentEnd], as: UTF8.self)
            let entry = POEntry(fields: current, source: text, line: entryLine, sourceLine: chunkLine, stringLines: stringLines)
            // As in gettext, context and msgid identify an entry, obsolete ones included
            // (msgfmt: "duplicate message definition").
            if let first = seenKeys[entry.key] {
                let ctx = current.context.map { "msgctxt \"\(POWriter.escape($0))\" " } ?? ""
                let kind = current.isObsolete ? "obsolete entry" : "entry"
                throw error(
                    entryLine, 1, "duplicate \(kind) \(ctx)msgid \"\(POWriter.escape(current.id))\" (first at line \(first)); remove one of them")
            }
            seenKeys[entry.key] = entryLine
            entries.append(entry)
            chunkStart = lastContentEnd
            chunkLine = lastContentLine + 1
            stringLines = []
            current = POEntry.Fields()
            started = false
            sawString = false
            sawID = false
            slot = nil
        }

        for line in all {
            var i = line.range.lowerBound
            let end = line.range.upperBound
            var column = 1
            func skip(_ blanks: (UInt8) -> Bool) {
                while i < end, blanks(bytes[i]) {
                    i += 1
                    column += 1
                }
            }
            // Leading blanks are allowed.
            skip { $0 == 0x20 || $0 == 0x09 }
            if i == end { continue }
            var obsolete = false
            if has("#~", at: i, before: end) {
                obsolete = true
                i += 2
                column += 2
                skip { $0 == 0x20 }
                if i == end { continue }
            }
            var previous = false
            if has("#|", at: i, before: end) || (obsolete && has("|", at: i, before: end)) {
                previous = true
                let n = has("#|", at: i, before: end) ? 2 : 1
                i += n
                column += n
                skip { $0 == 0x20 }
            }

            if i < end, bytes[i] == UInt8(ascii: "#"), !previous {
                // A comment starts a new entry once the current one is complete.
                if sawString { try finish() }
                if !started { entryLine = line.number }
                started = true
                let kind: UInt8? = i + 1 < end ? bytes[i + 1] : nil
                var bodyStart = min(i + 2, end)
                switch kind {
                case UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: ","):
                    while bodyStart < end, bytes[bodyStart] == 0x20 { bodyStart += 1 }
                    let body = String(decoding: bytes[bodyStart..<end], as: UTF8.self)
                    switch kind {
                    case UInt8(ascii: "."): current.extractedComments.append(body)
                    case UInt8(ascii: ":"): current.references.append(body)
                    default: current.flags += body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    }
                default:
                    // "# text" or "#" alone: translator comment (kept without the "# ").
                    let restStart = kind == 0x20 ? i + 2 : i + 1
                    current.translatorComments.append(String(decoding: bytes[restStart..<end], as: UTF8.self))
                }
                slot = nil
                lastContentEnd = line.end
                lastContentLine = line.number
                continue
            }

            if i < end, bytes[i] == UInt8(ascii: "\"") {
                guard let s = slot else {
                    throw error(line.number, column, "a string with no keyword before it; start the entry with msgid")
                }
                let value = try parseString(i..<end, line: line.number, column: column)
                append(value, to: s, in: &current)
                lastContentEnd = line.end
                lastContentLine = line.number
                continue
            }

            // Keyword line.
            guard let space = bytes[i..<end].firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) else {
                throw error(line.number, column, "expected a keyword and a string, e.g. msgid \"…\"")
            }
            let keyword = String(decoding: bytes[i..<space], as: UTF8.self)
            var rest = space
            var restColumn = column + columns(i..<space)
            while rest < end, bytes[rest] == 0x20 || bytes[rest] == 0x09 {
                rest += 1
                restColumn += 1
            }
            let value = try parseString(rest..<end, line: line.number, column: restColumn)
            let newSlot: Slot
            if previous {
                switch keyword {
                case "msgctxt": newSlot = .previousContext
                case "msgid": newSlot = .previousID
                case "msgid_plural": newSlot = .previousIDPlural
                default:
                    throw error(line.number, column, "\"#| \(keyword)\" is not a previous string; use #| msgctxt, #| msgid or #| msgid_plural")
                }
                if sawString { try finish() }
            } else {
                switch keyword {
                case "msgctxt":
                    if sawString || current.context != nil { try finish() }
                    newSlot = .context
                case "msgid":
                    if sawString { try finish() }
                    if sawID {
                        throw error(entryLine, 1, "entry without msgstr; add msgstr \"\" after its msgid")
                    }
                    sawID = true
                    newSlot = .id
                case "msgid_plural": newSlot = .idPlural
                case "msgstr": newSlot = .string(0)
                default:
                    if keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"), let n = Int(keyword.dropFirst(7).dropLast()), n >= 0 {
                        newSlot = .string(n)
                    } else {
                        throw error(line.number, column, "unknown keyword \"\(keyword)\"; expected msgctxt, msgid, msgid_plural, msgstr or msgstr[N]")
                    }
                }
            }
            if !started { entryLine = line.number }
            if case .id = newSlot, entryLine == 0 || !started { entryLine = line.number }
            started = true
            if obsolete { current.isObsolete = true }
            switch newSlot {
            case .string(let n):
                if !sawString { current.strings = [] }
                guard n == current.strings.count else {
                    throw error(line.number, column, "msgstr[\(n)] out of order; number the plural forms 0, 1, 2, … in turn")
                }
                if current.idPlural == nil, keyword != "msgstr" {
                    throw error(line.number, column, "msgstr[\(n)] in an entry without msgid_plural; use msgstr")
                }
                if current.idPlural != nil, keyword == "msgstr" {
                    throw error(line.number, column, "a plural entry (msgid_plural) has msgstr[0], msgstr[1], …, not msgstr; number its forms")
                }
                current.strings.append("")
                stringLines.append(line.number)
                sawString = true
            case .id:
                current.id = ""
            default:
                break
            }
            set(value, to: newSlot, in: &current)
            slot = newSlot
            lastContentEnd = line.end
            lastContentLine = line.number
        }
        try finish()
        let epilogue = String(decoding: bytes[chunkStart..<bytes.count], as: UTF8.self)
        // The file's line ends, from its first line break: changed entries are written with them.
        let firstBreak = bytes.firstIndex(of: 0x0A)
        let crlf = firstBreak.map { $0 > 0 && bytes[$0 - 1] == 0x0D } ?? false
        return POFile(entries: entries, epilogue: epilogue, path: path, lineEnding: crlf ? .crlf : .lf)
    }

    private func set(_ value: String, to slot: Slot, in f: inout POEntry.Fields) {
        switch slot {
        case .context: f.context = value
        case .id: f.id = value
        case .idPlural: f.idPlural = value
        case .string(let n): f.strings[n] = value
        case .previousContext: f.previousContext = value
        case .previousID: f.previousID = value
        case .previousIDPlural: f.previousIDPlural = value
        }
    }

    private func append(_ value: String, to slot: Slot, in f: inout POEntry.Fields) {
        switch slot {
        case .context: f.context = (f.context ?? "") + value
        case .id: f.id += value
        case .idPlural: f.idPlural = (f.idPlural ?? "") + value
        case .string(let n): f.strings[n] += value
        case .previousContext: f.previousContext = (f.previousContext ?? "") + value
        case .previousID: f.previousID = (f.previousID ?? "") + value
        case .previousIDPlural: f.previousIDPlural = (f.previousIDPlural ?? "") + value
        }
    }

    /// A quoted C string (the whole rest of the line), decoded.
    private func parseString(_ range: Range<Int>, line: Int, column: Int) throws -> String {
        guard range.first.map({ bytes[$0] }) == UInt8(ascii: "\"") else {
            throw error(line, column, "expected a string in double quotes")
        }
        // Works on the UTF-8 bytes (the file is already validated); literal runs are copied whole.
        let u = bytes
        let count = range.upperBound
        // The column of byte offset i: the opening quote is at `column`, one column per scalar.
        func col(_ i: Int) -> Int { column + columns(range.lowerBound..<i) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        func append(_ s: Unicode.Scalar) { out.append(contentsOf: UTF8.encode(s)!) }
        var i = range.lowerBound + 1
        while i < count {
            let c = u[i]
            switch c {
            case UInt8(ascii: "\""):
                var j = i + 1
                while j < count, u[j] == 0x20 || u[j] == 0x09 { j += 1 }
                if j < count {
                    throw error(line, col(j), "unexpected text after the closing quote; put each string on its own line")
                }
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i + 1 < count else {
                    throw error(line, col(i), "unterminated string: a backslash ends the line; close the string with \"")
                }
                let e = u[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "a"): out.append(0x07)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "v"): out.append(0x0B)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = UInt32(e - 48)
                    for _ in 0..<2 {
                        guard i < count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(u[i]) else { break }
                        value = value * 8 + UInt32(u[i] - 48)
                        i += 1
                    }
                    append(Unicode.Scalar(value) ?? "\u{FFFD}")
                case UInt8(ascii: "x"):
                    var value: UInt32 = 0
                    var digits = 0
                    while i < count, let v = Self.hexValue(u[i]) {
                        value = value > 0x10FFFF ? value : value * 16 + v
                        i += 1
                        digits += 1
                    }
                    guard digits > 0, let s = Unicode.Scalar(value) else {
                        throw error(line, col(i - 1), "bad escape \\x without hex digits; write \\\\ for a backslash")
                    }
                    append(s)
                default:
                    let escape = String(decoding: u[(i - 1)..<min(count, i - 1 + Self.scalarLength(e))], as: UTF8.self)
                    throw error(line, col(i - 2), "unknown escape \\\(escape); write \\\\ for a backslash, \\n for a new line, \\\" for a quote")
                }
            default:
                // A run of literal bytes up to the next quote or backslash.
                var j = i + 1
                while j < count, u[j] != 0x22, u[j] != 0x5C { j += 1 }
                out.append(contentsOf: u[i..<j])
                i = j
            }
        }
        throw error(line, column, "unterminated string; close it with \" on the same line")
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - 48)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - 87)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - 55)
        default: nil
        }
    }

    /// The length in bytes of the UTF-8 sequence that starts with `lead`.
    private static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
