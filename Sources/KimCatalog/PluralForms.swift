/// gettext's `Plural-Forms` header, `nplurals=N; plural=EXPRESSION;`, read and evaluated as
/// gettext's runtime does: a C expression over the unsigned number `n` with `?:`, `||`, `&&`,
/// `==`, `!=`, `<`, `<=`, `>`, `>=`, `+`, `-`, `*`, `/`, `%`, `!` and parentheses.
///
/// `kimdoc catalog check` compares it with the language's CLDR rules (what ICU, and so kimdoc's
/// MessageFormat, uses), which is stricter than `msgfmt --check`: msgfmt accepts
/// `nplurals=2; plural=(n != 1);` for Arabic.
public struct PluralForms: Sendable, Equatable {
    public let count: Int
    let expression: Expression

    indirect enum Expression: Sendable, Equatable {
        case n
        case number(UInt64)
        case not(Expression)
        case binary(String, Expression, Expression)
        case conditional(Expression, Expression, Expression)
    }

    /// A problem with the header's text; `offset` counts characters from its start.
    public struct Problem: Error, Equatable, Sendable {
        public let message: String
        public let offset: Int
    }

    /// Parses the header field's value. The largest `nplurals` accepted is 20 (gettext's
    /// languages use at most 6).
    public static func parse(_ text: String) throws(Problem) -> PluralForms {
        var p = Parser(Array(text.unicodeScalars))
        p.skipSpaces()
        try p.expectWord("nplurals")
        try p.expect("=")
        p.skipSpaces()
        let start = p.i
        guard let count = p.number(), count >= 1, count <= 20 else {
            throw Problem(message: "nplurals must be a whole number from 1 to 20", offset: start)
        }
        try p.expect(";")
        try p.expectWord("plural")
        try p.expect("=")
        let expression = try p.conditional()
        p.skipSpaces()
        if p.peek == ";" { p.i += 1 }
        p.skipSpaces()
        guard p.atEnd else { throw Problem(message: "unexpected '\(p.rest)' after the plural expression", offset: p.i) }
        return PluralForms(count: Int(count), expression: expression)
    }

    /// The form for `n`, or nil where the expression divides by zero.
    public func index(for n: UInt64) -> UInt64? { Self.evaluate(expression, n) }

    static func evaluate(_ e: Expression, _ n: UInt64) -> UInt64? {
        switch e {
        case .n: return n
        case .number(let v): return v
        case .not(let a): return evaluate(a, n).map { $0 == 0 ? 1 : 0 }
        case .conditional(let c, let a, let b):
            guard let c = evaluate(c, n) else { return nil }
            return evaluate(c != 0 ? a : b, n)
        case .binary(let op, let a, let b):
            // Both sides are evaluated for && and || only as far as C would.
            guard let x = evaluate(a, n) else { return nil }
            if op == "&&" { return x == 0 ? 0 : evaluate(b, n).map { $0 != 0 ? 1 : 0 } }
            if op == "||" { return x != 0 ? 1 : evaluate(b, n).map { $0 != 0 ? 1 : 0 } }
            guard let y = evaluate(b, n) else { return nil }
            switch op {
            case "==": return x == y ? 1 : 0
            case "!=": return x != y ? 1 : 0
            case "<": return x < y ? 1 : 0
            case "<=": return x <= y ? 1 : 0
            case ">": return x > y ? 1 : 0
            case ">=": return x >= y ? 1 : 0
            case "+": return x &+ y
            case "-": return x &- y
            case "*": return x &* y
            case "/": return y == 0 ? nil : x / y
            case "%": return y == 0 ? nil : x % y
            default: return nil
            }
        }
    }

    /// A recursive-descent parser for gettext's plural grammar (plural.y), C precedence.
    struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        var depth = 0

        init(_ s: [Unicode.Scalar]) { self.s = s }

        var atEnd: Bool { i >= s.count }
        var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }
        var rest: String { String(String.UnicodeScalarView(s[min(i, s.count)...].prefix(20))) }

        mutating func skipSpaces() { while let c = peek, c == " " || c == "\t" || c == "\n" { i += 1 } }

        mutating func expectWord(_ word: String) throws(Problem) {
            skipSpaces()
            let w = Array(word.unicodeScalars)
            guard i + w.count <= s.count, Array(s[i..<(i + w.count)]) == w else {
                throw Problem(message: "expected \(word)=", offset: i)
            }
            i += w.count
        }

        mutating func expect(_ c: Unicode.Scalar) throws(Problem) {
            skipSpaces()
            guard peek == c else {
                throw Problem(message: atEnd ? "the text ends where '\(c)' is expected" : "expected '\(c)' at '\(rest)'", offset: i)
            }
            i += 1
        }

        mutating func number() -> UInt64? {
            var value: UInt64 = 0
            var digits = 0
            while let c = peek, c.value >= 48, c.value <= 57 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(c.value - 48))
                if o1 || o2 { return nil }
                value = a
                digits += 1
                i += 1
            }
            return digits == 0 ? nil : value
        }

        mutating func take(_ op: String) -> Bool {
            skipSpaces()
            let o = Array(op.unicodeScalars)
            guard i + o.count <= s.count, Array(s[i..<(i + o.count)]) == o else { return false }
            // "<" must not take the first half of "<=", "!" not of "!=", "=" is never alone.
            if o.count == 1, i + 1 < s.count, s[i + 1] == "=", "<>!".unicodeScalars.contains(o[0]) { return false }
            i += o.count
            return true
        }

        mutating func conditional() throws(Problem) -> Expression {
            depth += 1
            defer { depth -= 1 }
            guard depth < 100 else { throw Problem(message: "the plural expression is nested too deeply", offset: i) }
            let c = try binary(0)
            guard take("?") else { return c }
            let a = try conditional()
            try expect(":")
            let b = try conditional()
            return .conditional(c, a, b)
        }

        static let levels: [[String]] = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]]

        mutating func binary(_ level: Int) throws(Problem) -> Expression {
            guard level < Self.levels.count else { return try unary() }
            var left = try binary(level + 1)
            while true {
                guard let op = Self.levels[level].first(where: { take($0) }) else { return left }
                let right = try binary(level + 1)
                left = .binary(op, left, right)
            }
        }

        mutating func unary() throws(Problem) -> Expression {
            skipSpaces()
            if take("!") { return .not(try unary()) }
            if take("(") {
                let e = try conditional()
                try expect(")")
                return e
            }
            if peek == "n" {
                i += 1
                return .n
            }
            let start = i
            if let v = number() { return .number(v) }
            throw Problem(message: atEnd ? "the plural expression ends too early" : "expected n, a number or '(' at '\(rest)'", offset: start)
        }
    }
}
