/// A message whose top level holds exactly one plural argument, split for editing one text per
/// plural category (the translators' editor): the source before the argument, its cases as the
/// source text of each, and the source after it. Joining writes one MessageFormat message again.
/// Texts stay as typed (apostrophes, nested arguments and `#` untouched).
public struct PluralMessage: Sendable, Equatable {
    public struct Case: Sendable, Equatable {
        /// A plural category (`few`) or an explicit value (`=0`).
        public var selector: String
        /// The case's message source, without its braces.
        public var text: String

        public init(selector: String, text: String) {
            self.selector = selector
            self.text = text
        }
    }

    public var before: String
    public var argument: String
    public var offset: Int
    public var cases: [Case]
    public var after: String

    public init(before: String, argument: String, offset: Int, cases: [Case], after: String) {
        self.before = before
        self.argument = argument
        self.offset = offset
        self.cases = cases
        self.after = after
    }

    /// The message as one MessageFormat source: `before{n, plural, one {…} other {…}}after`.
    /// Cases with an empty text are left out (the checks then name the missing category).
    public var source: String {
        let body = cases.filter { !$0.text.isEmpty }.map { "\($0.selector) {\($0.text)}" }.joined(separator: " ")
        return before + "{" + argument + ", plural, " + (offset != 0 ? "offset:\(offset) " : "") + body + "}" + after
    }

    /// The split of a valid message with exactly one plural argument at its top level; nil otherwise.
    public static func split(_ source: String) -> PluralMessage? {
        guard let parsed = try? MessageFormat.parse(source) else { return nil }
        let plurals = parsed.parts.filter { if case .plural = $0 { true } else { false } }
        guard plurals.count == 1 else { return nil }
        let c = Array(source)
        var i = 0
        // Skips a quoted stretch if one starts at i (ICU: an apostrophe before { } # | or another
        // apostrophe); returns whether it did.
        func skipQuote() -> Bool {
            guard i < c.count, c[i] == "'" else { return false }
            guard i + 1 < c.count else { i += 1; return true }
            if c[i + 1] == "'" { i += 2; return true }
            guard "{}#|".contains(c[i + 1]) else { i += 1; return true }
            i += 1
            while i < c.count {
                if c[i] == "'" {
                    if i + 1 < c.count, c[i + 1] == "'" { i += 2; continue }
                    i += 1
                    return true
                }
                i += 1
            }
            return true
        }
        /// From an opening brace at i, the index after its matching closing brace.
        func matching() -> Int? {
            var depth = 0
            while i < c.count {
                if skipQuote() { continue }
                if c[i] == "{" { depth += 1 } else if c[i] == "}" {
                    depth -= 1
                    if depth == 0 { i += 1; return i }
                }
                i += 1
            }
            return nil
        }
        while i < c.count {
            if skipQuote() { continue }
            guard c[i] == "{" else { i += 1; continue }
            let start = i
            guard let end = matching() else { return nil }
            // The argument's inside: name, type, then (for a plural) offset and cases.
            let inside = Array(c[(start + 1)..<(end - 1)])
            let pieces = inside.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            guard pieces.count == 3, String(pieces[1]).trimmingWhitespace == "plural" else { continue }
            let name = String(pieces[0]).trimmingWhitespace
            let rest = Array(pieces[2])
            var j = 0, offset = 0
            var cases: [Case] = []
            func skipSpace() { while j < rest.count, rest[j].isWhitespace { j += 1 } }
            while true {
                skipSpace()
                guard j < rest.count else { break }
                var selector = ""
                while j < rest.count, !rest[j].isWhitespace, rest[j] != "{" { selector.append(rest[j]); j += 1 }
                if selector.hasPrefix("offset:") {
                    guard let n = Int(selector.dropFirst("offset:".count)) else { return nil }
                    offset = n
                    continue
                }
                skipSpace()
                guard j < rest.count, rest[j] == "{" else { return nil }
                // The case's body, with the same quoting rules.
                var depth = 0, k = j
                var body: [Character] = []
                var q = 0
                // Scan rest from j for the matching brace, quoting-aware.
                func quoteLength(_ at: Int) -> Int {
                    guard rest[at] == "'" else { return 0 }
                    guard at + 1 < rest.count else { return 1 }
                    if rest[at + 1] == "'" { return 2 }
                    guard "{}#|".contains(rest[at + 1]) else { return 1 }
                    var m = at + 1
                    while m < rest.count {
                        if rest[m] == "'" {
                            if m + 1 < rest.count, rest[m + 1] == "'" { m += 2; continue }
                            return m + 1 - at
                        }
                        m += 1
                    }
                    return rest.count - at
                }
                while k < rest.count {
                    q = quoteLength(k)
                    if q > 0 { body += rest[k..<(k + q)]; k += q; continue }
                    if rest[k] == "{" {
                        depth += 1
                        if depth == 1 { k += 1; continue }
                    } else if rest[k] == "}" {
                        depth -= 1
                        if depth == 0 { k += 1; break }
                    }
                    body.append(rest[k])
                    k += 1
                }
                guard depth == 0 else { return nil }
                cases.append(Case(selector: selector, text: String(body)))
                j = k
            }
            return PluralMessage(before: String(c[..<start]), argument: name, offset: offset, cases: cases, after: String(c[end...]))
        }
        return nil
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
