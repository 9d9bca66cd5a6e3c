internal import CZlib
import Foundation

/// PNG files from Cairo's image surfaces, written here rather than by Cairo's
/// `cairo_surface_write_to_png_stream`: libpng tries all five row filters at zlib's default
/// level, which took more time than drawing the page (27M instructions for a 24 dpi thumbnail of
/// the tri-fold, against 11M for laying out and drawing it). Here: an opaque page (the usual case:
/// pages are painted white first) is written as RGB without alpha, every row with the Up filter,
/// at zlib level 3 (the fastest kind of zlib's levels: half the time of
/// level 4 for 7 % more bytes on a 50 dpi page of the tri-fold).
enum PNGEncoder {
    /// Encodes Cairo ARGB32 pixels (premultiplied alpha, native-endian 32-bit words, `stride`
    /// bytes per row).
    static func encode(argb pixels: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int, name: String) throws -> Data {
        guard width > 0, height > 0, stride >= 4 * width, pixels.count >= stride * height else {
            throw RenderError("Cannot write \(name): the image is \(width)×\(height) pixels.")
        }
        var opaque = true
        for y in 0..<height where opaque {
            let row = y * stride
            for x in 0..<width where pixels.loadUnaligned(fromByteOffset: row + 4 * x, as: UInt32.self) >> 24 != 0xFF {
                opaque = false
                break
            }
        }
        let channels = opaque ? 3 : 4
        let rowBytes = channels * width
        // Filtered rows: a filter-type byte, then the row.
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        var lines = [UInt8](repeating: 0, count: 2 * rowBytes)
        raw.withUnsafeMutableBufferPointer { out in
            lines.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress, let target = out.baseAddress else { return }
                var previous = base, current = base + rowBytes
                for y in 0..<height {
                    let row = y * stride
                    for x in 0..<width {
                        let p = pixels.loadUnaligned(fromByteOffset: row + 4 * x, as: UInt32.self)
                        let a = p >> 24
                        var r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF
                        if a != 0xFF, a != 0 {
                            // Cairo premultiplies; PNG does not.
                            r = (r * 255 + a / 2) / a
                            g = (g * 255 + a / 2) / a
                            b = (b * 255 + a / 2) / a
                        }
                        let o = channels * x
                        current[o] = UInt8(truncatingIfNeeded: r)
                        current[o + 1] = UInt8(truncatingIfNeeded: g)
                        current[o + 2] = UInt8(truncatingIfNeeded: b)
                        if channels == 4 { current[o + 3] = UInt8(truncatingIfNeeded: a) }
                    }
                    // Up (2): on pages (white, text, rules) rows mostly repeat the row above;
                    // trying several filters per row, as libpng does, costs more than it saves.
                    let line = target + y * (rowBytes + 1)
                    line[0] = 2
                    for i in 0..<rowBytes { line[1 + i] = current[i] &- previous[i] }
                    swap(&previous, &current)
                }
            }
        }
        let compressed = try Deflate.compress(raw, level: 3)

        var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func chunk(_ type: String, _ body: [UInt8]) {
            let typeBytes = Array(type.utf8)
            var length = UInt32(body.count).bigEndian
            withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
            out.append(contentsOf: typeBytes)
            out.append(contentsOf: body)
            var crc = crc32(0, typeBytes, uInt(typeBytes.count))
            crc = body.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
            var c = UInt32(truncatingIfNeeded: crc).bigEndian
            withUnsafeBytes(of: &c) { out.append(contentsOf: $0) }
        }
        func be32(_ v: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
        // IHDR: width, height, bit depth 8, colour type 2 (RGB) or 6 (RGBA), deflate, no interlace.
        chunk("IHDR", be32(width) + be32(height) + [8, opaque ? 2 : 6, 0, 0, 0])
        chunk("IDAT", compressed)
        chunk("IEND", [])
        return out
    }
}
