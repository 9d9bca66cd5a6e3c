public import KimCore

/// How a paragraph is set.
public struct ParagraphStyle: Sendable, Hashable {
    public enum Alignment: String, Sendable, CaseIterable {
        /// Left in left-to-right paragraphs, right in right-to-left ones.
        case start
        case end, center
        /// Both edges, by widening the spaces; a paragraph's last line is set at start.
        case justify
    }

    public var language: Language
    /// Font size in points.
    public var size: Double
    /// The sizes `ParagraphLayout` accepts: beyond them positions overflow what a PDF or PNG can
    /// hold (and NaN or infinity would trap integer conversions downstream).
    public static let sizeRange: ClosedRange<Double> = 1...1000
    public var alignment: Alignment
    public var direction: DirectionPolicy
    public var weight: FontWeight
    /// Line height as a multiple of the fonts' natural line height (ascender + descender + gap).
    public var lineSpacing: Double
    /// Whether a word that does not fit may be hyphenated (where the language has patterns, see
    /// `Hyphenator`); values are never hyphenated.
    public var hyphenate: Bool

    public init(
        language: Language, size: Double = 11, alignment: Alignment = .start, direction: DirectionPolicy = .fromLanguage,
        weight: FontWeight = .regular, lineSpacing: Double = 1.0, hyphenate: Bool = true
    ) {
        self.language = language
        self.size = size
        self.alignment = alignment
        self.direction = direction
        self.weight = weight
        self.lineSpacing = lineSpacing
        self.hyphenate = hyphenate
    }
}
