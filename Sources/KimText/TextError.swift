public import KimCore

/// What can go wrong laying out text.
public enum TextError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No installed font has a glyph for a character: kimdoc never draws an empty box.
    /// `position` counts Unicode characters (scalars) of the paragraph as given, from 1.
    case noFontCovers(character: String, position: Int, language: Language, script: String)
    /// A font family named in a priority list is not installed.
    case fontNotFound(family: String)
    /// A font file fontconfig named could not be read.
    case unreadableFont(path: String)
    /// HarfBuzz could not allocate its buffer.
    case shapingFailed(font: String)
    /// fontconfig could not start (no configuration found).
    case fontconfigUnavailable
    /// A width that cannot hold any text.
    case invalidWidth(Double)
    /// A font size outside `ParagraphStyle.sizeRange`.
    case invalidSize(Double)
    /// A hyphenation pattern file cannot be read or has no patterns.
    case unreadableHyphenationPatterns(path: String)
    /// A pattern file declares a charset iconv does not know.
    case unsupportedHyphenationCharset(path: String, charset: String)

    public var description: String {
        switch self {
        case let .noFontCovers(character, position, language, script):
            return "No font covers \(character) (character \(position) of the \(language) text, \(script) script). Install a font that has it (on Debian: fonts-noto-core) or add one to the font list for \(script)."
        case let .fontNotFound(family):
            return "The font \"\(family)\" is not installed. Install it (Noto fonts: apt-get install fonts-noto-core) or name another font in the list."
        case let .unreadableFont(path):
            return "Cannot read the font file \(path)."
        case let .shapingFailed(font):
            return "HarfBuzz could not shape text with \(font) (out of memory)."
        case .fontconfigUnavailable:
            return "fontconfig could not start: no font configuration found. Install fontconfig (apt-get install fontconfig fonts-noto-core)."
        case let .invalidWidth(w):
            return "A line width of \(w) pt cannot hold text; give a positive width of at most 1000000 pt."
        case let .invalidSize(size):
            return "A font size of \(size) pt cannot be laid out; give a size between \(Int(ParagraphStyle.sizeRange.lowerBound)) and \(Int(ParagraphStyle.sizeRange.upperBound)) pt."
        case let .unreadableHyphenationPatterns(path):
            return "Cannot load the hyphenation patterns \(path). Reinstall the package that ships it (dpkg -S \(path)) or remove the file."
        case let .unsupportedHyphenationCharset(path, charset):
            return "The hyphenation patterns \(path) are in the charset \"\(charset)\", which iconv does not know. Convert the file to UTF-8 (first line: UTF-8)."
        }
    }
}
