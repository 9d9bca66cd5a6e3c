internal import CCairo
public import Foundation
import KimCore
import KimText

/// Collects what Cairo writes.
final class PDFSink {
    var data = Data()
}

/// Draws pages with Cairo: a PDF of many pages, or one page as PNG.
///
/// Text is drawn with `cairo_show_text_glyphs`: HarfBuzz's glyphs at our positions, plus the
/// characters each cluster stands for. Cairo turns that map into the PDF's ToUnicode and
/// ActualText, so viewers and `pdftotext` give back the logical text, Arabic ligatures included.
public struct CairoRenderer: Sendable {
    public init() {}

    /// Writes `pages` as one PDF, atomically (no half-written file on failure). The PDF is made
    /// in memory, so no temporary file with its content is ever left behind (see `AtomicFile`).
    public func writePDF(_ pages: [Page], info: DocumentInfo, to url: URL) throws {
        let data = try pdf(pages, info: info, name: url.path)
        try AtomicFile.write(data, to: url)
    }

    /// The PDF of `pages`, in memory; `name` is how errors name it. Always a tagged PDF: the
    /// pages' `begin`/`end` items become its structure tree (see `StructureTag`), finished by
    /// `TaggedPDF` with languages, alternative texts and the title shown by viewers.
    public func pdf(_ pages: [Page], info: DocumentInfo, name: String = "the PDF") throws -> Data {
        guard let first = pages.first else { throw KimError("Nothing to write to \(name): no pages.") }
        let sink = PDFSink()
        var records: [StructureRecord] = []
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<PDFSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        try withExtendedLifetime(sink) {
            guard let surface = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(), first.width, first.height) else {
                throw RenderError("Cairo cannot create \(name).")
            }
            defer { cairo_surface_destroy(surface) }
            try RenderError.check(cairo_surface_status(surface), "create \(name)")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, info.title)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, info.creator)
            let date = Self.pdfDate(info.creationDate ?? Date())
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
            guard let cr = cairo_create(surface) else { throw RenderError("Cairo cannot draw on \(name).") }
            defer { cairo_destroy(cr) }
            // Destroyed after the surface is finished (declared after it, so released before it).
            let images = ImageSurfaces()
            let structure = StructureWriter(cr: cr, language: info.language, name: name)
            for page in pages {
                cairo_pdf_surface_set_size(surface, page.width, page.height)
                structure.start()
                try draw(page, on: cr, images: images, structure: structure)
                cairo_show_page(cr)
                try RenderError.check(cairo_status(cr), "draw a page of \(name)")
            }
            records = try structure.finish()
            cairo_surface_finish(surface)
            try RenderError.check(cairo_surface_status(surface), "finish \(name)")
        }
        return try TaggedPDF.finish(sink.data, structure: records, info: info, name: name)
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
        let images = ImageSurfaces()
        try draw(page, on: cr, images: images)
        cairo_surface_flush(surface)
        try AtomicFile.write(to: url) { temp in
            try RenderError.check(cairo_surface_write_to_png(surface, temp.path), "write \(url.path)")
        }
    }

    private func draw(_ page: Page, on cr: OpaquePointer, images: ImageSurfaces, structure: StructureWriter? = nil) throws {
        for item in page.items {
            switch item {
            case let .paragraph(p, x, y, color):
                if let structure {
                    try structure.paragraph(p) { run in try draw(run, x: x, y: y, color: color, on: cr) }
                } else {
                    for line in p.lines {
                        for run in line.runs { try draw(run, x: x, y: y, color: color, on: cr) }
                    }
                }
            case .begin(let tag):
                try structure?.begin(tag)
            case .end:
                try structure?.end()
            case let .rule(x1, y1, x2, y2, width, gray):
                cairo_set_source_rgb(cr, gray, gray, gray)
                cairo_set_line_width(cr, width)
                cairo_move_to(cr, x1, y1)
                cairo_line_to(cr, x2, y2)
                cairo_stroke(cr)
            case let .rect(x, y, width, height, fill, stroke, lineWidth):
                cairo_rectangle(cr, x, y, width, height)
                if let fill {
                    setSource(fill, on: cr)
                    cairo_fill_preserve(cr)
                }
                if let stroke, lineWidth > 0 {
                    setSource(stroke, on: cr)
                    cairo_set_line_width(cr, lineWidth)
                    cairo_stroke_preserve(cr)
                }
                cairo_new_path(cr)
            case let .image(image, x, y, width, height):
                let surface = try images.surface(for: image)
                cairo_save(cr)
                cairo_translate(cr, x, y)
                cairo_scale(cr, width / Double(image.pixelWidth), height / Double(image.pixelHeight))
                cairo_set_source_surface(cr, surface, 0, 0)
                cairo_rectangle(cr, 0, 0, Double(image.pixelWidth), Double(image.pixelHeight))
                cairo_fill(cr)
                cairo_restore(cr)
                try RenderError.check(cairo_status(cr), "draw the image \(image.name)")
            case let .qrCode(code, x, y, size, color):
                // One rectangle per horizontal run of dark modules, all filled as one path (no
                // seams between rows when rasterized).
                let module = size / Double(code.size + 2 * QRCode.quietZone)
                let left = x + Double(QRCode.quietZone) * module
                let top = y + Double(QRCode.quietZone) * module
                for run in code.darkRuns {
                    let rx = left + Double(run.column) * module
                    cairo_rectangle(cr, rx, top + Double(run.row) * module, Double(run.count) * module, module)
                }
                setSource(color, on: cr)
                cairo_fill(cr)
            }
        }
        try RenderError.check(cairo_status(cr), "draw")
    }

    private func setSource(_ color: Color, on cr: OpaquePointer) {
        cairo_set_source_rgb(cr, color.red, color.green, color.blue)
    }

    /// One glyph run with its cluster map (see `TextClusters` for why it is built as it is).
    private func draw(_ run: GlyphRun, x: Double, y: Double, color: Color, on cr: OpaquePointer) throws {
        guard !run.glyphs.isEmpty else { return }
        setSource(color, on: cr)
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
        let t = UTCTime(date)
        return "\(t.date)T\(t.time)Z"
    }
}

/// The Cairo surfaces of the images of one document, each decoded once and shared by its pages
/// (so a PDF embeds it once); released with the document.
final class ImageSurfaces {
    private var surfaces: [ObjectIdentifier: OpaquePointer] = [:]

    func surface(for image: PNGImage) throws -> OpaquePointer {
        if let s = surfaces[ObjectIdentifier(image)] { return s }
        let s = try image.makeSurface()
        surfaces[ObjectIdentifier(image)] = s
        return s
    }

    deinit { for s in surfaces.values { cairo_surface_destroy(s) } }
}
