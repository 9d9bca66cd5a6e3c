public import KimCore
public import KimUnicode

/// A value to put into a message.
public enum MessageValue: Sendable, Equatable {
    /// Text from data. `kind` marks it as an atomic value for the text engine (phone, e-mail, URL,
    /// file number…); plain names are `.value`: isolated so they cannot reorder the sentence.
    case text(String, kind: ValueKind = .value)
    case number(Double)
    /// Several texts, such as language names: each an isolated value, joined with the comma of
    /// the language's script, so a line may break between them but not inside one.
    case list([String])
    /// A calendar date.
    case date(year: Int, month: Int, day: Int)
}

/// Fills messages in one language: plural categories from CLDR, numbers and dates from ICU,
/// inserted values as isolated atomic spans of an `InlineText`.
public struct MessageFormatter: Sendable {
    public let language: Language
    public let plurals: PluralRules
    public let locale: LocaleFormatter

    public init(language: Language, numberingSystem: String? = nil) throws {
        self.language = language
        plurals = try PluralRules(language: language)
        locale = LocaleFormatter(language: language, numberingSystem: numberingSystem)
    }

    public func format(_ message: MessageFormat, _ values: [String: MessageValue]) throws -> InlineText {
        var spans: [InlineSpan] = []
        try append(message, values, pound: nil, to: &spans)
        // Merge neighbouring plain text.
        var merged: [InlineSpan] = []
        for s in spans where !s.text.isEmpty {
            if s.value == nil, let last = merged.last, last.value == nil {
                merged[merged.count - 1].text += s.text
            } else {
                merged.append(s)
            }
        }
        return InlineText(merged)
    }

    private func append(_ m: MessageFormat, _ values: [String: MessageValue], pound: Double?, to spans: inout [InlineSpan]) throws {
        for part in m.parts {
            switch part {
            case .text(let t):
                spans.append(InlineSpan(t))
            case .pound:
                if let n = pound { spans.append(InlineSpan(try locale.format(number: n), value: .number)) }
            case .argument(let name):
                switch try value(name, values) {
                case .text(let s, let kind): spans.append(InlineSpan(s, value: kind))
                case .list(let items):
                    for (i, item) in items.enumerated() {
                        if i > 0 { spans.append(InlineSpan(listSeparator)) }
                        spans.append(InlineSpan(item, value: .value))
                    }
                case .number(let n): spans.append(InlineSpan(try locale.format(number: n), value: .number))
                case .date(let y, let mo, let d): spans.append(InlineSpan(try locale.format(year: y, month: mo, day: d), value: .date))
                }
            case .number(let name, let style):
                guard case .number(let n) = try value(name, values) else { throw wrongType(name, "a number") }
                let s: LocaleFormatter.NumberStyle = style == "integer" ? .integer : style == "percent" ? .percent : .decimal
                spans.append(InlineSpan(try locale.format(number: n, style: s), value: .number))
            case .date(let name, let style):
                guard case .date(let y, let mo, let d) = try value(name, values) else { throw wrongType(name, "a date") }
                let s: LocaleFormatter.DateStyle = ["full": .full, "long": .long, "medium": .medium][style ?? ""] ?? .short
                spans.append(InlineSpan(try locale.format(year: y, month: mo, day: d, style: s), value: .date))
            case .plural(let name, let offset, let cases):
                guard case .number(let n) = try value(name, values) else { throw wrongType(name, "a number") }
                let exact = n == n.rounded() ? cases.first { $0.selector == "=\(Int(n))" } : nil
                let category = try plurals.category(for: n - Double(offset)).rawValue
                let chosen = exact ?? cases.first { $0.selector == category } ?? cases.first { $0.selector == "other" }
                if let c = chosen { try append(c.message, values, pound: n - Double(offset), to: &spans) }
            case .select(let name, let cases):
                guard case .text(let key, _) = try value(name, values) else { throw wrongType(name, "a text") }
                if let c = cases.first(where: { $0.selector == key }) ?? cases.first(where: { $0.selector == "other" }) {
                    try append(c.message, values, pound: pound, to: &spans)
                }
            }
        }
    }

    /// The comma of the language's script: Arabic script "، ", Ethiopic "፣ ", else ", ".
    public var listSeparator: String {
        switch (try? LocaleInfo.likelyScript(of: language))?.isoCode {
        case "Arab": return "، "
        case "Ethi": return "፣ "
        default: return ", "
        }
    }

    private func value(_ name: String, _ values: [String: MessageValue]) throws -> MessageValue {
        guard let v = values[name] else { throw MessageValueError(name: name, expected: nil) }
        return v
    }

    private func wrongType(_ name: String, _ expected: String) -> MessageValueError {
        MessageValueError(name: name, expected: expected)
    }
}

/// A message names a value that is not given (`expected` nil) or is of another kind; callers
/// that know the message's file and unit say where (`TextResolver`).
public struct MessageValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public let name: String
    /// What the message needs for the value (`a number`), when the value is of the wrong kind.
    public let expected: String?

    public var description: String {
        expected.map { "The message needs \($0) for {\(name)}." } ?? "The message uses {\(name)} but no value was given for it."
    }
}
