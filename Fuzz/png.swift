// libFuzzer target: the PNG reader. KimCore.PNGHeader reads width and height from the header
// and refuses a damaged or too large image; KimRender.PNGImage(data:name:) is the logo loader's
// path (header check, then Cairo/libpng decodes), PDFImageData the pixels a PDF embeds.
// Invariants: what the header refuses is never decoded; what is decoded has the header's size,
// within SizeLimits.imagePixels; the PDF pixels have that size. Built by scripts/fuzz (with
// PNGImage.swift, RenderError.swift and Deflate.swift).
import Foundation
import KimCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    let header = PNGHeader.read(bytes)
    let image: PNGImage
    do {
        image = try PNGImage(data: bytes, name: "logo.png")
    } catch let e as RenderError {
        guard e.message.hasPrefix("The image logo.png ") else { fatalError("INVARIANT: a message that does not name the image: \(e.message)") }
        if case .failure(let problem) = header, e.message != "The image logo.png \(problem.phrase)." {
            fatalError("INVARIANT: the header's problem (\(problem)) reported as: \(e.message)")
        }
        return 0
    } catch {
        fatalError("INVARIANT: \(type(of: error)) instead of a RenderError: \(error)")
    }
    guard case .success(let h) = header else { fatalError("INVARIANT: an image the header check refuses was decoded") }
    guard image.pixelWidth == h.width, image.pixelHeight == h.height, h.width * h.height <= SizeLimits.imagePixels else {
        fatalError("INVARIANT: header \(h.width)×\(h.height), decoded \(image.pixelWidth)×\(image.pixelHeight)")
    }
    do {
        let pdf = try PDFImageData(png: [UInt8](bytes), name: "logo.png")
        guard pdf.width == h.width, pdf.height == h.height else { fatalError("INVARIANT: PDF image \(pdf.width)×\(pdf.height) of a \(h.width)×\(h.height) PNG") }
    } catch {
        fatalError("INVARIANT: a decoded image whose PDF pixels fail: \(error)")
    }
    return 0
}
