extension POEntry {
    /// The file line and column (1-based, in characters) of a character of msgstr (or
    /// msgstr[`form`]), given as an offset in Swift `Character`s into the decoded string; an
    /// offset past the end gives the keyword's line and column 1.
    ///
    /// Walks the entry's original text from the keyword's line over its continuation strings,
    /// decoding escapes as it goes. For an entry not read from a file: its line and column 1.
    public func msgstrLocation(ofCharacter offset: Int, form: Int = 0) -> (line: Int, column: Int) {
        guard let source, form >= 0, form < stringLines.count else { return (line, 1) }
        let lines = source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let keywordLine = stringLines[form]
        let keywordIndex = keywordLine - sourceLine
        guard keywordIndex >= 0, keywordIndex < lines.count else { return (keywordLine, 1) }
        var remaining = offset
        var index = keywordIndex
        while index < lines.count {
            let text = lines[index]
            if index > keywordIndex && !Self.stripObsolete(text).hasPrefix("\"") { break }
            let chars = Array(text)
            guard var i = chars.firstIndex(of: "\"") else { break }
            i += 1
            while i < chars.count && chars[i] != "\"" {
                if remaining == 0 { return (sourceLine + index, i + 1) }
                i += chars[i] == "\\" ? 2 : 1
                remaining -= 1
            }
            index += 1
        }
        return (keywordLine, 1)
    }

    /// The line of the msgstr (or msgstr[`form`]) keyword; the entry's line if it was not read.
    public func msgstrLine(form: Int = 0) -> Int { form >= 0 && form < stringLines.count ? stringLines[form] : line }

    /// The line of the header's field `name` (`Plural-Forms`), if the field starts a string of
    /// the header's msgstr; otherwise the msgstr keyword's line.
    public func headerFieldLine(_ name: String) -> Int {
        guard let source, let first = stringLines.first else { return line }
        let lines = source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let start = max(0, first - sourceLine)
        for index in start..<lines.count {
            let text = Self.stripObsolete(String(lines[index])).drop(while: { $0 == " " || $0 == "\t" })
            let body = text.hasPrefix("msgstr") ? text.drop(while: { $0 != "\"" }) : text
            if body.dropFirst().lowercased().hasPrefix(name.lowercased() + ":") { return sourceLine + index }
        }
        return first
    }

    static func stripObsolete<S: StringProtocol>(_ s: S) -> S.SubSequence {
        var t = s[...]
        if t.hasPrefix("#~") { t = t.dropFirst(2).drop(while: { $0 == " " }) }
        return t
    }
}
