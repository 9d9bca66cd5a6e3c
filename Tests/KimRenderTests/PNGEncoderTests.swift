import Foundation
import KimCore
import KimTestSupport
import Testing

@testable import KimRender

/// kimdoc writes its PNG files itself (`PNGEncoder`). They are read back here by an independent
/// decoder (Python's zlib and a PNG reader written from the specification: chunk CRCs, all five
/// row filters), and by Cairo's own PNG reader (the logo path), and must give the pixels drawn.
@Suite("PNG files")
struct PNGEncoderTests {
    /// Python: prints "width height colortype" and the pixels as hex, after checking every CRC.
    static let decoder = #"""
        import sys, zlib, struct
        d = open(sys.argv[1], 'rb').read()
        assert d[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
        i, idat, hdr = 8, b'', None
        while i < len(d):
            n, t = struct.unpack('>I4s', d[i:i+8]); body = d[i+8:i+8+n]
            assert struct.unpack('>I', d[i+8+n:i+12+n])[0] == zlib.crc32(t + body), 'crc of ' + t.decode()
            if t == b'IHDR': hdr = struct.unpack('>IIBBBBB', body)
            if t == b'IDAT': idat += body
            i += 12 + n
            if t == b'IEND': break
        w, h, depth, ctype = hdr[:4]
        assert depth == 8 and ctype in (2, 6)
        bpp = 3 if ctype == 2 else 4
        raw = zlib.decompress(idat); stride = w * bpp; out = bytearray(); prev = bytearray(stride)
        for y in range(h):
            f = raw[y * (stride + 1)]; line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                else: assert f == 0, 'filter %d' % f
            out += line; prev = line
        print(w, h, ctype); print(out.hex())
        """#

    func decode(_ png: Data) throws -> (width: Int, height: Int, colorType: Int, bytes: [UInt8]) {
        try withTemporaryFolder { dir in
            let file = dir.appendingPathComponent("image.png"), script = dir.appendingPathComponent("decode.py")
            try png.write(to: file)
            try Data(Self.decoder.utf8).write(to: script)
            let r = try runTool("python3", [script.path, file.path])
            try #require(r.status == 0, "the PNG does not decode: \(r.errorOutput)")
            let lines = r.output.split(separator: "\n")
            let head = lines[0].split(separator: " ").compactMap { Int($0) }
            let hex: [UInt8] = lines.count > 1 ? Array(lines[1].utf8) : []
            var bytes: [UInt8] = []
            var k = 0
            while k + 1 < hex.count {
                bytes.append(UInt8(String(decoding: hex[k...k + 1], as: UTF8.self), radix: 16) ?? 0)
                k += 2
            }
            return (head[0], head[1], head[2], bytes)
        }
    }

    @Test("An opaque image is RGB and decodes to exactly the pixels drawn")
    func opaque() throws {
        let (w, h) = (37, 23)
        var pixels = [UInt32](repeating: 0, count: w * h)
        var expected: [UInt8] = []
        for y in 0..<h {
            for x in 0..<w {
                let (r, g, b) = (UInt32((x * 7) % 256), UInt32((y * 11) % 256), UInt32((x * y) % 256))
                pixels[y * w + x] = 0xFF00_0000 | r << 16 | g << 8 | b
                expected += [UInt8(r), UInt8(g), UInt8(b)]
            }
        }
        let png = try pixels.withUnsafeBytes { try PNGEncoder.encode(argb: $0, width: w, height: h, stride: 4 * w, name: "test") }
        let decoded = try decode(png)
        #expect(decoded.width == w && decoded.height == h)
        #expect(decoded.colorType == 2)
        #expect(decoded.bytes == expected)
    }

    @Test("Transparency is kept as RGBA with the premultiplication undone")
    func translucent() throws {
        let (w, h) = (9, 4)
        var pixels = [UInt32](repeating: 0, count: w * h)
        var expected: [UInt8] = []
        for i in 0..<(w * h) {
            let a = UInt32(i * 7 % 256), r = UInt32(200), g = UInt32(100), b = UInt32(i % 256)
            // Premultiplied, as Cairo stores it.
            let pr = r * a / 255, pg = g * a / 255, pb = b * a / 255
            pixels[i] = a << 24 | pr << 16 | pg << 8 | pb
            let un = { (c: UInt32) -> UInt8 in a == 0 ? 0 : UInt8(min(255, (c * 255 + a / 2) / a)) }
            expected += [a == 0 ? 0 : un(pr), a == 0 ? 0 : un(pg), a == 0 ? 0 : un(pb), UInt8(a)]
        }
        let png = try pixels.withUnsafeBytes { try PNGEncoder.encode(argb: $0, width: w, height: h, stride: 4 * w, name: "test") }
        let decoded = try decode(png)
        #expect(decoded.colorType == 6)
        #expect(decoded.bytes == expected)
        // Cairo's own reader (the one logos go through) takes it too.
        let image = try PDFImageData(png: [UInt8](png), name: "test")
        #expect(image.width == w && image.height == h && image.alpha != nil)
    }

    @Test("A page drawn by Cairo comes out as an opaque PNG of the page's size")
    func page() throws {
        var page = Page(width: 200, height: 100)
        page.items.append(.rect(x: 20, y: 20, width: 60, height: 30, fill: Color(red: 0, green: 0, blue: 0), stroke: nil, lineWidth: 0))
        let png = try CairoRenderer().png(page, dpi: 72)
        let decoded = try decode(png)
        #expect(decoded.width == 200 && decoded.height == 100 && decoded.colorType == 2)
        // White outside the rectangle, black inside.
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(decoded.bytes[(y * 200 + x) * 3..<(y * 200 + x) * 3 + 3]) }
        #expect(pixel(5, 5) == [255, 255, 255])
        #expect(pixel(50, 35) == [0, 0, 0])
    }
}
