internal import CHarfBuzz
import KimCore

/// One glyph as HarfBuzz shaped it, in points, before placement.
public struct ShapedGlyph: Sendable, Equatable {
    public let id: UInt32
    /// UTF-16 offset of the first character of the glyph's cluster.
    public let cluster: Int
    public let advance: Double
    public let offsetX: Double
    public let offsetY: Double
    /// HarfBuzz says a line break before this glyph's cluster would change the shaping.
    public let unsafeToBreak: Bool
}

/// Stage 5, shape: glyphs for an item, in visual order (right-to-left items come out reversed).
enum Shaper {
    /// Scripts set without the fonts' standard ligatures (fi, fl, ff). German orthography forbids
    /// them across the parts of a compound ("Auflage", "Schilfinsel"), which a shaper cannot see;
    /// and a ligature glyph stands for its own code point (U+FB01), so a screen reader or text
    /// extraction gets "ﬁ" unless the PDF adds ActualText for every one of them. Arabic keeps its
    /// ligatures: they are required forms there.
    static let noLigatureScripts: Set<String> = ["Latn", "Cyrl", "Grek"]

    /// Shapes `range` of the paragraph with the item's font, direction, script and `language`.
    /// The whole paragraph is handed to HarfBuzz as context, so letters at the edges of the range
    /// still join with their neighbours as they would in the full text.
    static func shape(
        _ units: [UInt16], range: Range<Int>, font: Font, rightToLeft: Bool, scriptCode iso: String,
        language: Language, size: Double
    ) throws -> [ShapedGlyph] {
        guard let buffer = hb_buffer_create(), hb_buffer_allocation_successful(buffer) != 0 else {
            throw TextError.shapingFailed(font: font.family)
        }
        defer { hb_buffer_destroy(buffer) }
        units.withUnsafeBufferPointer { p in
            hb_buffer_add_utf16(buffer, p.baseAddress, Int32(units.count), UInt32(range.lowerBound), Int32(range.count))
        }
        hb_buffer_set_direction(buffer, rightToLeft ? HB_DIRECTION_RTL : HB_DIRECTION_LTR)
        hb_buffer_set_script(buffer, hb_script_from_string(iso, -1))
        hb_buffer_set_language(buffer, hb_language_from_string(language.tag, -1))
        if noLigatureScripts.contains(iso) {
            var features = [hb_feature_t](repeating: hb_feature_t(), count: 2)
            for (i, f) in ["-liga", "-clig"].enumerated() { _ = hb_feature_from_string(f, -1, &features[i]) }
            hb_shape(font.hbFont, buffer, &features, UInt32(features.count))
        } else {
            hb_shape(font.hbFont, buffer, nil, 0)
        }
        var count: UInt32 = 0
        guard hb_buffer_allocation_successful(buffer) != 0, let infos = hb_buffer_get_glyph_infos(buffer, &count),
            let positions = hb_buffer_get_glyph_positions(buffer, &count)
        else { throw TextError.shapingFailed(font: font.family) }
        let scale = font.scale(size: size)
        var glyphs: [ShapedGlyph] = []
        glyphs.reserveCapacity(Int(count))
        for i in 0..<Int(count) {
            var info = infos[i]
            let pos = positions[i]
            let flags = hb_glyph_info_get_glyph_flags(&info)
            glyphs.append(
                ShapedGlyph(
                    id: info.codepoint, cluster: Int(info.cluster), advance: Double(pos.x_advance) * scale,
                    offsetX: Double(pos.x_offset) * scale, offsetY: Double(pos.y_offset) * scale,
                    unsafeToBreak: flags.rawValue & HB_GLYPH_FLAG_UNSAFE_TO_BREAK.rawValue != 0))
        }
        return glyphs
    }
}

extension Shaper {
    /// The glyphs of a hyphen (U+002D) in `font`, for a hyphenated line end; cluster 0.
    static func hyphen(font: Font, scriptCode iso: String, language: Language, size: Double) throws -> [ShapedGlyph] {
        try shape([0x2D], range: 0..<1, font: font, rightToLeft: false, scriptCode: iso, language: language, size: size)
    }
}
