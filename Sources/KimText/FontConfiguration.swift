/// Which fonts serve which script, in order of preference.
///
/// Keys are ISO 15924 script codes ("Latn", "Arab", "Ethi"). A script without a list tries
/// `fallback`, then fontconfig's best match for the character. Configurable per document; the
/// defaults are Debian's fonts-noto-core. An explicit list matters: fontconfig's own choice for
/// Persian is DejaVu Sans, which has no proper Naskh forms.
public struct FontConfiguration: Sendable, Equatable {
    public var families: [String: [String]]
    /// Tried after a script's own list.
    public var fallback: [String]
    /// Whether to ask fontconfig for any installed font with the character when no listed
    /// family has it (off: a missing character is an error at once).
    public var systemFallback: Bool

    public init(families: [String: [String]], fallback: [String], systemFallback: Bool = true) {
        self.families = families
        self.fallback = fallback
        self.systemFallback = systemFallback
    }

    public static let `default` = FontConfiguration(
        families: [
            "Latn": ["Noto Sans"],
            "Cyrl": ["Noto Sans"],
            "Grek": ["Noto Sans"],
            "Arab": ["Noto Naskh Arabic", "Noto Sans Arabic"],
            "Ethi": ["Noto Sans Ethiopic"],
        ],
        fallback: ["Noto Sans"]
    )

    /// The families to try for a script, most preferred first, without repeats.
    public func candidates(forScript iso: String) -> [String] {
        var seen = Set<String>()
        return (families[iso, default: []] + fallback).filter { seen.insert($0).inserted }
    }
}
