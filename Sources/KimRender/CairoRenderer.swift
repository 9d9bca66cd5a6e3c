internal import CCairo
public import Foundation
import KimCore
import KimText

/// Draws pages with Cairo: a PDF of many pages, or one page as PNG.
///
/// Text is drawn with `cairo_show_text_glyphs`: HarfBuzz's glyphs at our positions, plus the
/// characters each cluster stands for. Cairo turns that map into the PDF's ToUnicode and
/// ActualText, so viewers and `pdftotext` give back the logical text, Arabic ligatures included.
public struct CairoRenderer: Sendable {
    public init() {}

    /// Writes `pages` as one PDF, atomically (no half-written file on failure).
    public func writePDF(_ pages: [Page], info: DocumentInfo, to url: URL) throws {
        try AtomicFile.write(to: url) { temp in
            guard let first = pages.first else { throw KimError("Nothing to write to \(url.path): no pages.") }
            guard let surface = cairo_pdf_surface_create(temp.path, first.width, first.height) else {
                throw RenderError("Cairo cannot create \(url.path).")
            }
            defer { cairo_surface_destroy(surface) }
            try RenderError.check(cairo_surface_status(surface), "create the PDF \(url.path)")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, info.title)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, info.creator)
            let date = Self.pdfDate(info.creationDate ?? Date())
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
            guard let cr = cairo_create(surface) else { throw RenderError("Cairo cannot draw on \(url.path).") }
            defer { cairo_destroy(cr) }
            for page in pages {
                cairo_pdf_surface_set_size(surface, page.width, page.height)
                try draw(page, on: cr)
                cairo_show_page(cr)
                try RenderError.check(cairo_status(cr), "draw a page of \(url.path)")
            }
            cairo_surface_finish(surface)
            try RenderError.check(cairo_surface_status(surface), "finish \(url.path)")
        }
    }

    /// Writes one page as PNG at `dpi` dots per inch, on white, atomically.
    public func writePNG(_ page: Page, dpi: Double = 150, to url: URL) throws {
        let scale = dpi / 72
        let w = Int32((page.width * scale).rounded(.up))
        let h = Int32((page.height * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h) else {
            throw RenderError("Cairo cannot create a \(w)×\(h) image.")
        }
        defer { cairo_surface_destroy(surface) }
        try RenderError.check(cairo_surface_status(surface), "create a \(w)×\(h) image")
        guard let cr = cairo_create(surface) else { throw RenderError("Cairo cannot draw on an image.") }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        try draw(page, on: cr)
        cairo_surface_flush(surface)
        try AtomicFile.write(to: url) { temp in
            try RenderError.check(cairo_surface_write_to_png(surface, temp.path), "write \(url.path)")
        }
    }

    private func draw(_ page: Page, on cr: OpaquePointer) throws {
        for item in page.items {
            switch item {
            case let .paragraph(p, x, y):
                for line in p.lines {
                    for run in line.runs { try draw(run, x: x, y: y, on: cr) }
                }
            case let .rule(x1, y1, x2, y2, width, gray):
                cairo_set_source_rgb(cr, gray, gray, gray)
                cairo_set_line_width(cr, width)
                cairo_move_to(cr, x1, y1)
                cairo_line_to(cr, x2, y2)
                cairo_stroke(cr)
            }
        }
        try RenderError.check(cairo_status(cr), "draw")
    }

    /// One glyph run with its cluster map (see `TextClusters` for why it is built as it is).
    private func draw(_ run: GlyphRun, x: Double, y: Double, on cr: OpaquePointer) throws {
        guard !run.glyphs.isEmpty else { return }
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_font_face(cr, try CairoFonts.shared.face(for: run.font))
        cairo_set_font_size(cr, run.size)

        let glyphs = run.glyphs.map { cairo_glyph_t(index: UInt($0.id), x: x + $0.x, y: y + $0.y) }
        let map = TextClusters(run)
        let clusters = map.clusters.map { cairo_text_cluster_t(num_bytes: Int32($0.bytes), num_glyphs: Int32($0.glyphs)) }
        let flags = map.backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : cairo_text_cluster_flags_t(0)
        map.utf8.withUnsafeBufferPointer { u in
            u.withMemoryRebound(to: CChar.self) { c in
                cairo_show_text_glyphs(
                    cr, c.baseAddress, Int32(u.count), glyphs, Int32(glyphs.count), clusters, Int32(clusters.count), flags)
            }
        }
        try RenderError.check(cairo_status(cr), "draw the text \"\(run.text)\"")
    }

    /// PDF metadata date as Cairo takes it: ISO 8601 in UTC.
    static func pdfDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return f.string(from: date)
    }
}
