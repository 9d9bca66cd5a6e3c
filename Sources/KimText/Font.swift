internal import CHarfBuzz
import KimCore

/// One font face loaded for shaping: a HarfBuzz font over the file fontconfig chose.
///
/// Immutable after creation; HarfBuzz fonts are safe to shape with from several threads once set
/// up, hence `@unchecked Sendable`. Metrics are in font units; `scale(size:)` turns them into points.
public final class Font: @unchecked Sendable, Hashable, CustomStringConvertible {
    /// The family name as requested, e.g. "Noto Naskh Arabic".
    public let family: String
    public let weight: FontWeight
    /// The font file and the face index inside it (for the renderer, which loads it with FreeType).
    public let file: String
    public let faceIndex: Int
    public let unitsPerEm: Int
    /// Ascender (positive), descender (positive, below the baseline) and line gap, font units.
    public let ascender: Int
    public let descender: Int
    public let lineGap: Int

    package let hbFont: OpaquePointer

    init(family: String, weight: FontWeight, file: String, faceIndex: Int) throws {
        // The face index comes from fontconfig or the font index file; one that no UInt32 holds,
        // or that names no face of the file, makes the font unreadable rather than a trap.
        guard let index = UInt32(exactly: faceIndex) else { throw TextError.unreadableFont(path: file) }
        guard let blob = hb_blob_create_from_file_or_fail(file) else { throw TextError.unreadableFont(path: file) }
        defer { hb_blob_destroy(blob) }
        guard index & 0xFFFF < hb_face_count(blob) else { throw TextError.unreadableFont(path: file) }
        let face = hb_face_create(blob, index)
        defer { hb_face_destroy(face) }
        let upem = Int(hb_face_get_upem(face))
        guard upem > 0, let font = hb_font_create(face) else { throw TextError.unreadableFont(path: file) }
        hb_font_set_scale(font, Int32(upem), Int32(upem))
        var extents = hb_font_extents_t()
        hb_font_get_h_extents(font, &extents)
        hb_font_make_immutable(font)
        self.family = family
        self.weight = weight
        self.file = file
        self.faceIndex = faceIndex
        self.unitsPerEm = upem
        self.ascender = Int(extents.ascender)
        self.descender = Int(-extents.descender)
        self.lineGap = Int(extents.line_gap)
        self.hbFont = font
    }

    deinit { hb_font_destroy(hbFont) }

    /// Whether the font has a glyph of its own for the character (its cmap maps it).
    public func covers(_ scalar: Unicode.Scalar) -> Bool {
        var glyph: UInt32 = 0
        return hb_font_get_nominal_glyph(hbFont, scalar.value, &glyph) != 0
    }

    /// Points per font unit at `size` points.
    public func scale(size: Double) -> Double { size / Double(unitsPerEm) }

    public var description: String { weight == .regular ? family : "\(family) \(weight)" }
    public var fileName: String { file.split(separator: "/").last.map(String.init) ?? file }

    /// Fonts are the same when they are the same face of the same file.
    public static func == (a: Font, b: Font) -> Bool { a === b || (a.faceIndex == b.faceIndex && a.file == b.file) }
    public func hash(into h: inout Hasher) {
        h.combine(file)
        h.combine(faceIndex)
    }
}

public enum FontWeight: String, Sendable, Hashable, CustomStringConvertible {
    case regular, bold
    var fontconfigWeight: Int32 { self == .regular ? 80 : 200 }  // FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD
    public var description: String { rawValue }
}
