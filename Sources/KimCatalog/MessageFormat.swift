/// A message in ICU MessageFormat syntax, parsed: `{name}`, `{n, number}`, `{d, date, short}`,
/// `{count, plural, =0 {…} one {…} other {# …}}`, `{x, select, a {…} other {…}}`.
///
/// Apostrophes follow ICU's default (DOUBLE_OPTIONAL): `''` is one apostrophe; a single one starts
/// quoted literal text only before `{`, `}`, `|` or (inside plural) `#`; anywhere else it is an
/// ordinary character, so "l'Office" and Ukrainian "здоров'я" need no escaping.
public struct MessageFormat: Equatable, Sendable {
    public indirect enum Part: Equatable, Sendable {
        case text(String)
        case argument(String)
        case number(String, style: String?)
        case date(String, style: String?)
        case plural(String, offset: Int, cases: [Case])
        case select(String, cases: [Case])
        /// `#` inside a plural case: the number, less the offset.
        case pound
    }

    public struct Case: Equatable, Sendable {
        /// `=3`, a plural category such as `few`, or a select keyword.
        public let selector: String
        public let message: MessageFormat
    }

    public let parts: [Part]

    /// Parses `source`; errors carry the character offset (0-based) in it.
    public static func parse(_ source: String) throws -> MessageFormat {
        var p = MessageParser(Array(source))
        let m = try p.message(inPlural: false, nested: false)
        if p.i < p.chars.count { throw p.fail("unmatched '}'; quote it as '}' if it is meant literally") }
        return m
    }

    /// Every argument name used, nested ones included.
    public var argumentNames: Set<String> {
        var names = Set<String>()
        for part in parts {
            switch part {
            case .argument(let n), .number(let n, _), .date(let n, _): names.insert(n)
            case .plural(let n, _, let cases), .select(let n, let cases):
                names.insert(n)
                for c in cases { names.formUnion(c.message.argumentNames) }
            case .text, .pound: break
            }
        }
        return names
    }

    /// Plural arguments with the selectors of their cases.
    public var pluralSelectors: [String: [String]] {
        var out: [String: [String]] = [:]
        for part in parts {
            switch part {
            case .plural(let n, _, let cases):
                out[n, default: []] += cases.map(\.selector)
                for c in cases { out.merge(c.message.pluralSelectors) { $0 + $1 } }
            case .select(_, let cases):
                for c in cases { out.merge(c.message.pluralSelectors) { $0 + $1 } }
            default: break
            }
        }
        return out
    }
}

/// A syntax error in a message, at a character offset.
public struct MessageFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 0-based character offset in the message.
    public let offset: Int
    public let message: String
    public var description: String { "character \(offset + 1): \(message)" }
}

struct MessageParser {
    let chars: [Character]
    var i = 0

    init(_ chars: [Character]) { self.chars = chars }

    func fail(_ message: String, at offset: Int? = nil) -> MessageFormatError {
        MessageFormatError(offset: offset ?? i, message: message)
    }

    mutating func message(inPlural: Bool, nested: Bool) throws -> MessageFormat {
        var parts: [MessageFormat.Part] = []
        var text = ""
        func flush() {
            if !text.isEmpty { parts.append(.text(text)) }
            text = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                if i + 1 < chars.count, chars[i + 1] == "'" {
                    text.append("'")
                    i += 2
                    continue
                }
                if i + 1 < chars.count, ["{", "}", "|"].contains(chars[i + 1]) || (inPlural && chars[i + 1] == "#") {
                    // Quoted literal up to the next single apostrophe.
                    let start = i
                    i += 1
                    var closed = false
                    while i < chars.count {
                        if chars[i] == "'" {
                            if i + 1 < chars.count, chars[i + 1] == "'" {
                                text.append("'")
                                i += 2
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        text.append(chars[i])
                        i += 1
                    }
                    if !closed { throw fail("unterminated quoted text; close it with '", at: start) }
                    continue
                }
                text.append(c)
                i += 1
            } else if c == "{" {
                flush()
                parts.append(try argument())
            } else if c == "}" {
                if nested { break }
                throw fail("unmatched '}'; quote it as '}' if it is meant literally")
            } else if c == "#", inPlural {
                flush()
                parts.append(.pound)
                i += 1
            } else {
                text.append(c)
                i += 1
            }
        }
        flush()
        return MessageFormat(parts: parts)
    }

    mutating func skipSpace() {
        while i < chars.count, chars[i].isWhitespace { i += 1 }
    }

    mutating func identifier() -> String {
        var s = ""
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "-" || chars[i] == "=" {
            s.append(chars[i])
            i += 1
        }
        return s
    }

    mutating func argument() throws -> MessageFormat.Part {
        let open = i
        i += 1  // {
        skipSpace()
        let name = identifier()
        if name.isEmpty { throw fail("expected an argument name after '{'") }
        skipSpace()
        guard i < chars.count else { throw fail("unclosed '{'; add '}'", at: open) }
        if chars[i] == "}" {
            i += 1
            return .argument(name)
        }
        guard chars[i] == "," else { throw fail("expected ',' or '}' after the argument name \(name)") }
        i += 1
        skipSpace()
        let typeStart = i
        let type = identifier()
        skipSpace()
        switch type {
        case "number", "date":
            var style: String? = nil
            if i < chars.count, chars[i] == "," {
                i += 1
                skipSpace()
                let styleStart = i
                let s = identifier()
                skipSpace()
                let allowed = type == "number" ? ["integer", "percent"] : ["short", "medium", "long", "full"]
                guard allowed.contains(s) else {
                    throw fail("unknown \(type) style '\(s)'; use \(allowed.joined(separator: ", "))", at: styleStart)
                }
                style = s
            }
            guard i < chars.count, chars[i] == "}" else { throw fail("unclosed '{'; add '}'", at: open) }
            i += 1
            return type == "number" ? .number(name, style: style) : .date(name, style: style)
        case "plural", "select":
            guard i < chars.count, chars[i] == "," else { throw fail("expected ',' and the cases after \(type)") }
            i += 1
            var offset = 0
            skipSpace()
            if type == "plural", chars[i...].starts(with: "offset:") {
                i += 7
                skipSpace()
                let digits = identifier()
                guard let n = Int(digits) else { throw fail("expected a number after offset:") }
                offset = n
            }
            var cases: [MessageFormat.Case] = []
            while true {
                skipSpace()
                guard i < chars.count else { throw fail("unclosed '{'; add '}'", at: open) }
                if chars[i] == "}" {
                    i += 1
                    break
                }
                let selectorStart = i
                let selector = identifier()
                if selector.isEmpty { throw fail("expected a case keyword such as other") }
                if type == "plural", !selector.hasPrefix("="), !["zero", "one", "two", "few", "many", "other"].contains(selector) {
                    throw fail("unknown plural category '\(selector)'; use zero, one, two, few, many, other or =N", at: selectorStart)
                }
                if cases.contains(where: { $0.selector == selector }) {
                    throw fail("the case '\(selector)' appears twice", at: selectorStart)
                }
                skipSpace()
                guard i < chars.count, chars[i] == "{" else { throw fail("expected '{' after the case '\(selector)'") }
                let caseOpen = i
                i += 1
                let m = try message(inPlural: type == "plural", nested: true)
                guard i < chars.count, chars[i] == "}" else { throw fail("unclosed '{'; add '}'", at: caseOpen) }
                i += 1
                cases.append(MessageFormat.Case(selector: selector, message: m))
            }
            guard cases.contains(where: { $0.selector == "other" }) else {
                throw fail("\(type) without an 'other' case; add other {…}", at: open)
            }
            return type == "plural" ? .plural(name, offset: offset, cases: cases) : .select(name, cases: cases)
        default:
            throw fail("unknown argument type '\(type)'; use number, date, plural or select", at: typeStart)
        }
    }
}
