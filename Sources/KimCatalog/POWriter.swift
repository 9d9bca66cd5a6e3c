/// Formats entries the way gettext's tools do, so that catalogs edited by kimdoc and by Poedit
/// or msgmerge differ as little as possible.
enum POWriter {
    static let width = 79

    static func format(_ f: POEntry.Fields) -> String {
        var out = ""
        let prefix = f.isObsolete ? "#~ " : ""
        for c in f.translatorComments { out += c.isEmpty ? "#\n" : "# \(c)\n" }
        for c in f.extractedComments { out += "#. \(c)\n" }
        for r in f.references { out += "#: \(r)\n" }
        if !f.flags.isEmpty { out += "#, " + f.flags.joined(separator: ", ") + "\n" }
        let previousPrefix = f.isObsolete ? "#~| " : "#| "
        if let p = f.previousContext { out += keyword("msgctxt", p, prefix: previousPrefix) }
        if let p = f.previousID { out += keyword("msgid", p, prefix: previousPrefix) }
        if let p = f.previousIDPlural { out += keyword("msgid_plural", p, prefix: previousPrefix) }
        if let c = f.context { out += keyword("msgctxt", c, prefix: prefix) }
        out += keyword("msgid", f.id, prefix: prefix)
        if let plural = f.idPlural {
            out += keyword("msgid_plural", plural, prefix: prefix)
            for (n, s) in f.strings.enumerated() { out += keyword("msgstr[\(n)]", s, prefix: prefix) }
        } else {
            out += keyword("msgstr", f.strings.first ?? "", prefix: prefix)
        }
        return out
    }

    /// `keyword "string"` on one line if it fits and has no inner line break; otherwise
    /// `keyword ""` followed by lines broken after each `\n` and at spaces to fit the width.
    static func keyword(_ name: String, _ value: String, prefix: String) -> String {
        let escaped = escape(value)
        let single = "\(prefix)\(name) \"\(escaped)\""
        let innerNewline = value.dropLast().contains("\n")
        if single.count <= width && !innerNewline { return single + "\n" }
        var out = "\(prefix)\(name) \"\"\n"
        for piece in wrap(value, room: width - prefix.count - 2) { out += "\(prefix)\"\(piece)\"\n" }
        return out
    }

    /// Escaped pieces: split after every newline, then at spaces (the space stays on the line).
    static func wrap(_ value: String, room: Int) -> [String] {
        var pieces: [String] = []
        var segments: [String] = []
        var current = ""
        for ch in value {
            current.append(ch)
            if ch == "\n" {
                segments.append(current)
                current = ""
            }
        }
        if !current.isEmpty { segments.append(current) }
        for segment in segments {
            var line = ""
            var word = ""
            func flushWord() {
                if !line.isEmpty, escape(line + word).count > room {
                    pieces.append(escape(line))
                    line = ""
                }
                line += word
                word = ""
            }
            for ch in segment {
                word.append(ch)
                if ch == " " { flushWord() }
            }
            flushWord()
            if !line.isEmpty { pieces.append(escape(line)) }
        }
        return pieces
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0B}": out += "\\v"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\" + String(scalar.value, radix: 8)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
