public import KimCore
public import KimText
import KimUnicode

/// Which font serves a language, and whether the fonts cover every character its readers expect
/// (CLDR exemplar characters: standard, auxiliary and punctuation sets).
public struct FontReport: Sendable {
    public struct Missing: Sendable, Equatable {
        public let character: String
        public let set: String
    }

    public let language: Language
    public let direction: TextDirection
    public let script: String
    /// The fonts configured for the language's script that are installed, in order, with files.
    public let fonts: [(family: String, file: String)]
    public let checked: Int
    public let missing: [Missing]

    public static func make(for language: Language, fonts library: FontLibrary = .shared) throws -> FontReport {
        let script = try LocaleInfo.likelyScript(of: language)
        let fonts = try library.fonts(forScript: script).map { ($0.family, $0.fileName) }
        var checked = 0
        var missing: [Missing] = []
        for (kind, name) in [(LocaleInfo.ExemplarKind.standard, "standard"), (.auxiliary, "auxiliary"), (.punctuation, "punctuation")] {
            for scalar in try LocaleInfo.exemplarCharacters(of: language, kind: kind) {
                if scalar.properties.isDefaultIgnorableCodePoint { continue }
                checked += 1
                let own = Script.of(scalar)
                if try library.font(for: [scalar], script: own.isShared ? script : own) == nil {
                    missing.append(Missing(character: CharacterNames.describe(scalar), set: name))
                }
            }
        }
        return FontReport(
            language: language, direction: LocaleInfo.direction(of: language), script: script.name, fonts: fonts,
            checked: checked, missing: missing)
    }
}
