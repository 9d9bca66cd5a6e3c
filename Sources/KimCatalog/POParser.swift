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
        let text: String
    }

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    func error(_ line: Int, _ column: Int, _ message: String) -> POError {
        POError(file: path, line: line, column: column, message: message)
    }

    private func lines() throws -> [Line] {
        var out: [Line] = []
        var start = 0
        var number = 1
        var i = 0
        // A UTF-8 byte order mark is allowed and kept (it is part of the first entry's text).
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == 0x0A {
                var contentEnd = i
                if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                var slice = Array(bytes[start..<contentEnd])
                if number == 1, slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice.removeFirst(3) }
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw error(number, Self.invalidUTF8Column(slice), "invalid UTF-8; save the file as UTF-8")
                }
                if i < bytes.count || start < bytes.count {
                    out.append(Line(number: number, range: start..<contentEnd, end: min(i + 1, bytes.count), text: text))
                }
                start = i + 1
                number += 1
            }
            i += 1
        }
        return out
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
            let text = String(decoding: bytes[chunkStart..<lastContentEnd], as: UTF8.self)
            let entry = POEntry(fields: current, source: text, line: entryLine)
            if !current.isObsolete {
                if let first = seenKeys[entry.key] {
                    let ctx = current.context.map { "msgctxt \"\(POWriter.escape($0))\" " } ?? ""
                    throw error(entryLine, 1, "duplicate entry \(ctx)msgid \"\(POWriter.escape(current.id))\" (first at line \(first)); remove one of them")
                }
                seenKeys[entry.key] = entryLine
            }
            entries.append(entry)
            chunkStart = lastContentEnd
            current = POEntry.Fields()
            started = false
            sawString = false
            sawID = false
            slot = nil
        }

        for line in all {
            var text = Substring(line.text)
            var column = 1
            // Leading blanks are allowed.
            while let c = text.first, c == " " || c == "\t" {
                text.removeFirst()
                column += 1
            }
            if text.isEmpty { continue }
            var obsolete = false
            if text.hasPrefix("#~") {
                obsolete = true
                text = text.dropFirst(2)
                column += 2
                while text.first == " " {
                    text.removeFirst()
                    column += 1
                }
                if text.isEmpty { continue }
            }
            var previous = false
            if text.hasPrefix("#|") || (obsolete && text.hasPrefix("|")) {
                previous = true
                let n = text.hasPrefix("#|") ? 2 : 1
                text = text.dropFirst(n)
                column += n
                while text.first == " " {
                    text.removeFirst()
                    column += 1
                }
            }

            if text.hasPrefix("#"), !previous {
                // A comment starts a new entry once the current one is complete.
                if sawString { try finish() }
                if !started { entryLine = line.number }
                started = true
                let kind = text.dropFirst().first
                let body = String(text.dropFirst(2)).trimmingLeadingSpace()
                switch kind {
                case ".": current.extractedComments.append(body)
                case ":": current.references.append(body)
                case ",": current.flags += body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                default:
                    // "# text" or "#" alone: translator comment (kept without the "# ").
                    let rest = text.dropFirst()
                    current.translatorComments.append(rest.first == " " ? String(rest.dropFirst()) : String(rest))
                }
                slot = nil
                lastContentEnd = line.end
                continue
            }

            if text.hasPrefix("\"") {
                guard let s = slot else {
                    throw error(line.number, column, "a string with no keyword before it; start the entry with msgid")
                }
                let value = try parseString(text, line: line.number, column: column)
                append(value, to: s, in: &current)
                lastContentEnd = line.end
                continue
            }

            // Keyword line.
            guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw error(line.number, column, "expected a keyword and a string, e.g. msgid \"…\"")
            }
            let keyword = String(text[..<space])
            var rest = text[space...]
            var restColumn = column + keyword.count
            while let c = rest.first, c == " " || c == "\t" {
                rest.removeFirst()
                restColumn += 1
            }
            let value = try parseString(rest, line: line.number, column: restColumn)
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
                current.strings.append("")
                sawString = true
            case .id:
                current.id = ""
            default:
                break
            }
            set(value, to: newSlot, in: &current)
            slot = newSlot
            lastContentEnd = line.end
        }
        try finish()
        let epilogue = String(decoding: bytes[chunkStart..<bytes.count], as: UTF8.self)
        return POFile(entries: entries, epilogue: epilogue, path: path)
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
    private func parseString(_ text: Substring, line: Int, column: Int) throws -> String {
        guard text.first == "\"" else {
            throw error(line, column, "expected a string in double quotes")
        }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.dropFirst()
        var col = column + 1
        while let c = scalars.first {
            scalars.removeFirst()
            col += 1
            switch c {
            case "\"":
                while let blank = scalars.first, blank == " " || blank == "\t" {
                    scalars.removeFirst()
                    col += 1
                }
                if !scalars.isEmpty {
                    throw error(line, col, "unexpected text after the closing quote; put each string on its own line")
                }
                return String(out)
            case "\\":
                guard let e = scalars.first else {
                    throw error(line, col - 1, "unterminated string: a backslash ends the line; close the string with \"")
                }
                scalars.removeFirst()
                col += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "a": out.append("\u{07}")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "v": out.append("\u{0B}")
                case "0"..."7":
                    var value = e.value - 48
                    for _ in 0..<2 {
                        guard let d = scalars.first, ("0"..."7").contains(d) else { break }
                        value = value * 8 + d.value - 48
                        scalars.removeFirst()
                        col += 1
                    }
                    out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                case "x":
                    var value: UInt32 = 0
                    var digits = 0
                    while let d = scalars.first, let v = d.properties.numericType != nil ? UInt32(String(d)) : UInt32(String(d), radix: 16) {
                        value = value * 16 + v
                        scalars.removeFirst()
                        digits += 1
                        col += 1
                    }
                    guard digits > 0, let s = Unicode.Scalar(value) else {
                        throw error(line, col - 1, "bad escape \\x without hex digits; write \\\\ for a backslash")
                    }
                    out.append(s)
                default:
                    throw error(line, col - 2, "unknown escape \\\(e); write \\\\ for a backslash, \\n for a new line, \\\" for a quote")
                }
            default:
                out.append(c)
            }
        }
        throw error(line, column, "unterminated string; close it with \" on the same line")
    }
}

extension String {
    fileprivate func trimmingLeadingSpace() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        return String(s)
    }
}
