internal import CCairo
public import Foundation
public import KimCore
import KimText

/// Draws pages with Cairo as PNG images (previews, sample pages). PDFs are written by
/// `PDFRenderer`.
public struct CairoRenderer: Sendable {
    public init() {}

    /// Resolutions kimdoc draws PNGs at: under 1 dpi a page has hardly a pixel; 1200 dpi makes
    /// an A4 page 140 megapixels (560 MB of pixels), about the most worth drawing.
    public static let dpiRange: ClosedRange<Double> = 1...1200
    /// The most pixels one PNG may have (Cairo's own limit is 32767 per side).
    public static let maxPixels = 150_000_000

    /// Writes one page as PNG at `dpi` dots per inch, on white. The image is encoded in memory
    /// and written through `AtomicFile` (anonymous file, linked when complete), so a kill never
    /// leaves a named copy; `.private` for pages with client data.
    public func writePNG(_ page: Page, dpi: Double = 150, to url: URL, access: AtomicFile.Access = .shared) throws {
        try AtomicFile.write(try png(page, dpi: dpi, name: url.path), to: url, access: access)
    }

    /// One page as PNG bytes at `dpi` dots per inch, on white. A resolution outside `dpiRange` or
    /// a page that would exceed `maxPixels` is an error, never a trap. With `region` (points from
    /// the page's top-left corner), only that part of the page is drawn.
    public func png(_ page: Page, dpi: Double = 150, name: String = "the PNG", region: (x: Double, y: Double, width: Double, height: Double)? = nil) throws -> Data {
        guard Self.dpiRange.contains(dpi) else {
            throw RenderError("A PNG cannot be drawn at \(dpi) dpi; give a resolution between \(Int(Self.dpiRange.lowerBound)) and \(Int(Self.dpiRange.upperBound)) dpi.")
        }
        let scale = dpi / 72
        let area = region ?? (0, 0, page.width, page.height)
        let width = (area.width * scale).rounded(.up), height = (area.height * scale).rounded(.up)
        guard width.isFinite, height.isFinite, width >= 1, height >= 1, width <= 32767, height <= 32767,
              width * height <= Double(Self.maxPixels) else {
            throw RenderError("A page of \(String(format: "%.0f×%.0f", Units.millimetres(pt: page.width), Units.millimetres(pt: page.height))) mm at \(Int(dpi)) dpi is too large for a PNG (at most \(Self.maxPixels / 1_000_000) megapixels, 32767 pixels a side); give a lower resolution.")
        }
        let w = Int32(width), h = Int32(height)
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
        if area.x.isFinite, area.y.isFinite { cairo_translate(cr, -area.x, -area.y) }
        let images = ImageSurfaces()
        try draw(page, on: cr, images: images, area: region.map { (x: $0.x, y: $0.y, width: $0.width, height: $0.height) })
        cairo_surface_flush(surface)
        guard let pixels = cairo_image_surface_get_data(surface) else { throw RenderError("Cairo gives no pixels for \(name).") }
        let stride = Int(cairo_image_surface_get_stride(surface))
        return try PNGEncoder.encode(
            argb: UnsafeRawBufferPointer(start: pixels, count: stride * Int(h)), width: Int(w), height: Int(h), stride: stride, name: name)
    }

    /// Draws the page's items; with `area` (a region), lines of text wholly outside it are left
    /// out (with a line's height of room on every side for marks and swashes): Cairo would clip
    /// them anyway, after shaping their glyphs into its caches.
    private func draw(_ page: Page, on cr: OpaquePointer, images: ImageSurfaces, area: (x: Double, y: Double, width: Double, height: Double)? = nil) throws {
        for item in page.items {
            switch item {
            case let .paragraph(p, x, y, color):
                for line in p.lines {
                    if let area {
                        let room = line.ascent + line.descent
                        let top = y + line.baseline - line.ascent - room, bottom = y + line.baseline + line.descent + room
                        let left = x + line.x - room, right = x + line.x + line.width + room
                        if bottom < area.y || top > area.y + area.height || right < area.x || left > area.x + area.width { continue }
                    }
                    for run in line.runs { try draw(run, x: x, y: y, color: color, on: cr) }
                }
            case .begin, .end:
                break
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

    /// One glyph run: HarfBuzz's glyphs at our positions.
    private func draw(_ run: GlyphRun, x: Double, y: Double, color: Color, on cr: OpaquePointer) throws {
        guard !run.glyphs.isEmpty else { return }
        setSource(color, on: cr)
        cairo_set_font_face(cr, try CairoFonts.shared.face(for: run.font))
        cairo_set_font_size(cr, run.size)
        let glyphs = run.glyphs.map { cairo_glyph_t(index: UInt($0.id), x: x + $0.x, y: y + $0.y) }
        cairo_show_glyphs(cr, glyphs, Int32(glyphs.count))
        try RenderError.check(cairo_status(cr), "draw the text \"\(run.text)\"")
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
