extension POEntry {
    /// The file line and column (1-based, in characters) of a character of the (first) msgstr,
    /// given as an offset in Swift `Character`s into the decoded string.
    ///
    /// Walks the entry's original text: the `msgstr` line and its continuation strings, decoding
    /// escapes as it goes. For an entry not read from a file, the entry's line and column 1.
    public func msgstrLocation(ofCharacter offset: Int) -> (line: Int, column: Int) {
        guard let source else { return (line, 1) }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The entry's first keyword line is `line`; find its index in `lines` to translate indices.
        guard let keywordIndex = lines.firstIndex(where: { Self.isKeywordLine($0) }),
            let msgstrIndex = lines.firstIndex(where: { Self.stripObsolete($0).hasPrefix("msgstr") })
        else { return (line, 1) }
        let base = line - keywordIndex
        var remaining = offset
        var index = msgstrIndex
        while index < lines.count {
            let text = lines[index]
            let stripped = Self.stripObsolete(text)
            if index > msgstrIndex && !stripped.hasPrefix("\"") { break }
            let chars = Array(text)
            guard var i = chars.firstIndex(of: "\"") else { break }
            i += 1
            while i < chars.count && chars[i] != "\"" {
                if remaining == 0 { return (base + index, i + 1) }
                i += chars[i] == "\\" ? 2 : 1
                remaining -= 1
            }
            index += 1
        }
        return (base + msgstrIndex, 1)
    }

    /// The line of the msgstr keyword.
    public var msgstrLine: Int { msgstrLocation(ofCharacter: Int.max).line }

    static func stripObsolete(_ s: String) -> Substring {
        var t = Substring(s)
        if t.hasPrefix("#~") { t = t.dropFirst(2).drop(while: { $0 == " " }) }
        return t
    }

    static func isKeywordLine(_ s: String) -> Bool {
        let t = stripObsolete(s)
        return t.hasPrefix("msgctxt") || t.hasPrefix("msgid")
    }
}
