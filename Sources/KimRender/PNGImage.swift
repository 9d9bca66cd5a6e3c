internal import CCairo
public import Foundation
import KimCore

/// A PNG picture (a logo, a signature) read once and drawn at any size.
///
/// The file's bytes are kept and checked at load time (signature, decodable by Cairo); each
/// document decodes them once, so a logo repeated on every page is embedded in a PDF once.
public final class PNGImage: Sendable, CustomStringConvertible {
    /// Where the image came from, for messages.
    public let name: String
    /// Size in pixels.
    public let pixelWidth: Int
    public let pixelHeight: Int
    let bytes: [UInt8]
    /// The pixels as a PDF image (colour, and alpha if any pixel is not opaque), compressed;
    /// made on first use and shared by every PDF the process writes.
    let pdfImage: Lazy<PDFImageData>

    /// Reads and checks the PNG file at `url`.
    public convenience init(file url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw RenderError("The image \(url.path) does not exist.")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RenderError("Cannot read the image \(url.path): \(error.localizedDescription)")
        }
        try self.init(data: data, name: url.path)
    }

    /// Checks PNG bytes; `name` says where they came from in messages.
    public init(data: Data, name: String) throws {
        let bytes = [UInt8](data)
        // The header first: a damaged or huge image is refused before Cairo allocates its pixels.
        if case .failure(let problem) = PNGHeader.read(bytes) { throw RenderError("The image \(name) \(problem.phrase).") }
        self.name = name
        self.bytes = bytes
        self.pdfImage = Lazy { try PDFImageData(png: bytes, name: name) }
        let surface = try Self.decode(bytes, name: name)
        defer { cairo_surface_destroy(surface) }
        pixelWidth = Int(cairo_image_surface_get_width(surface))
        pixelHeight = Int(cairo_image_surface_get_height(surface))
        guard pixelWidth > 0, pixelHeight > 0 else { throw RenderError("The image \(name) has no pixels.") }
    }

    public var description: String { "\(name) (\(pixelWidth)×\(pixelHeight) px)" }

    /// A new Cairo image surface with the pixels; the caller destroys it.
    func makeSurface() throws -> OpaquePointer { try Self.decode(bytes, name: name) }

    private final class Reader {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    fileprivate static func decode(_ bytes: [UInt8], name: String) throws -> OpaquePointer {
        let reader = Reader(bytes)
        let surface: OpaquePointer? = withExtendedLifetime(reader) {
            cairo_image_surface_create_from_png_stream(
                { closure, data, length in
                    guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
                    let r = Unmanaged<Reader>.fromOpaque(closure).takeUnretainedValue()
                    let n = Int(length)
                    guard r.offset + n <= r.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                    for i in 0..<n { data[i] = r.bytes[r.offset + i] }
                    r.offset += n
                    return CAIRO_STATUS_SUCCESS
                }, Unmanaged.passUnretained(reader).toOpaque())
        }
        // Cairo reports a damaged PNG as "out of memory" (or a read error): after the header
        // check, any failure here is a damaged file, and is named so.
        guard let surface else { throw RenderError("The image \(name) is damaged (it cannot be decoded); export it again as PNG.") }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderError("The image \(name) is damaged (it cannot be decoded); export it again as PNG.")
        }
        return surface
    }
}

/// A PNG's pixels as PDF image streams: 8-bit RGB, plus an 8-bit soft mask when the image has
/// transparency, both compressed with Flate.
struct PDFImageData: Sendable {
    let width: Int
    let height: Int
    let rgb: [UInt8]
    let alpha: [UInt8]?

    init(png: [UInt8], name: String) throws {
        let surface = try PNGImage.decode(png, name: name)
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let format = cairo_image_surface_get_format(surface)
        guard let data = cairo_image_surface_get_data(surface) else { throw RenderError("Cannot read the pixels of \(name).") }
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        var alpha = [UInt8](repeating: 255, count: width * height)
        var opaque = true
        for y in 0..<height {
            let row = data + y * stride
            for x in 0..<width {
                let i = y * width + x
                switch format {
                case CAIRO_FORMAT_ARGB32, CAIRO_FORMAT_RGB24:
                    // Native-endian 32-bit pixels, premultiplied alpha.
                    let p = row.withMemoryRebound(to: UInt32.self, capacity: width) { $0[x] }
                    let a = format == CAIRO_FORMAT_ARGB32 ? Int(p >> 24) : 255
                    var channels = [Int((p >> 16) & 0xFF), Int((p >> 8) & 0xFF), Int(p & 0xFF)]
                    if a < 255 {
                        opaque = false
                        channels = channels.map { a == 0 ? 0 : min(255, ($0 * 255 + a / 2) / a) }
                    }
                    alpha[i] = UInt8(a)
                    for c in 0..<3 { rgb[i * 3 + c] = UInt8(channels[c]) }
                case CAIRO_FORMAT_A8:
                    let a = row[x]
                    if a < 255 { opaque = false }
                    alpha[i] = a
                default:
                    throw RenderError("The image \(name) has a pixel format kimdoc cannot put into a PDF.")
                }
            }
        }
        self.rgb = try Deflate.compress(rgb)
        self.alpha = opaque ? nil : try Deflate.compress(alpha)
    }
}
