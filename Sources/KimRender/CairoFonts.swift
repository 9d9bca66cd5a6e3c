internal import CCairo
internal import CFreeType
internal import Synchronization
import KimText

/// Cairo font faces over FreeType, one per font file and face index, made once per process.
///
/// FreeType faces and the library are not thread-safe to create; the cache serialises that. Faces
/// live as long as the process, as Cairo's font faces reference them.
final class CairoFonts: Sendable {
    static let shared = CairoFonts()

    private struct State: ~Copyable {
        var library: FT_Library?
        var faces: [String: OpaquePointer] = [:]  // cairo_font_face_t*
    }

    private let state = Mutex(State())

    func face(for font: Font) throws -> OpaquePointer {
        try state.withLock { s in
            let key = "\(font.file)#\(font.faceIndex)"
            if let f = s.faces[key] { return f }
            if s.library == nil {
                var lib: FT_Library?
                let err = FT_Init_FreeType(&lib)
                guard err == 0, lib != nil else { throw RenderError("FreeType failed to start (error \(err)).") }
                s.library = lib
            }
            var face: FT_Face?
            let err = FT_New_Face(s.library, font.file, FT_Long(font.faceIndex), &face)
            guard err == 0, let ftFace = face else {
                throw RenderError("FreeType cannot open \(font.file) (error \(err)).")
            }
            // No hinting: glyph positions come from HarfBuzz, outlines stay as designed.
            guard let cairoFace = cairo_ft_font_face_create_for_ft_face(ftFace, Int32(1 << 1)) else {
                throw RenderError("Cairo cannot use \(font.file).")
            }
            try RenderError.check(cairo_font_face_status(cairoFace), "load \(font.file)")
            s.faces[key] = cairoFace
            return cairoFace
        }
    }
}
