import Foundation
import KimCore
import KimRender
import KimText
import Testing

/// A binary PGM (P5) as poppler's `pdftoppm -gray` writes it.
struct GrayImage {
    let width: Int
    let height: Int
    let pixels: [UInt8]

    init(pgm url: URL) throws {
        let data = [UInt8](try Data(contentsOf: url))
        // Header: "P5", width, height, maximum, each followed by white space.
        var fields: [Int] = []
        var i = 2
        while fields.count < 3 {
            while i < data.count, data[i] == 0x20 || data[i] == 0x0A || data[i] == 0x0D || data[i] == 0x09 { i += 1 }
            var n = 0
            while i < data.count, (0x30...0x39).contains(data[i]) {
                n = n * 10 + Int(data[i] - 0x30)
                i += 1
            }
            fields.append(n)
        }
        try #require(data.starts(with: Array("P5".utf8)) && fields[2] == 255, "not an 8-bit PGM: \(url.path)")
        width = fields[0]
        height = fields[1]
        pixels = Array(data[(i + 1)...])
        try #require(pixels.count == width * height)
    }

    /// Pixels darker than mid-grey inside a box given in points (at `dpi`).
    func darkPixels(x: Double, y: Double, width w: Double, height h: Double, dpi: Double) -> Int {
        let s = dpi / 72
        var n = 0
        for py in Int(y * s)..<min(height, Int((y + h) * s)) {
            for px in Int(x * s)..<min(width, Int((x + w) * s)) where pixels[py * width + px] < 128 { n += 1 }
        }
        return n
    }
}

@Suite("QR codes, colours, rectangles and PNG images")
struct QRCodeTests {
    let url = "https://kim.example.org/"

    @Test("The size follows the version: 24 bytes need version 2 (25 modules) at L and M, 3 (29) at Q and H")
    func sizeForVersion() throws {
        let expected: [QRCode.ErrorCorrection: Int] = [.low: 2, .medium: 2, .quartile: 3, .high: 3]
        for (level, version) in expected {
            let qr = try QRCode(text: url, errorCorrection: level)
            #expect(qr.version == version, "\(level)")
            #expect(qr.size == 17 + 4 * version, "\(level)")
        }
        #expect(try QRCode(text: url).errorCorrection == .medium)
    }

    @Test("The three finder patterns: 7×7 squares in three corners, with light separators")
    func finderPatterns() throws {
        let qr = try QRCode(text: url)
        let n = qr.size
        for (ox, oy) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            for y in 0..<7 {
                for x in 0..<7 {
                    let ring = max(abs(x - 3), abs(y - 3))  // 3: outer ring, 2: light ring, 0–1: centre
                    #expect(qr.isDark(ox + x, oy + y) == (ring != 2), "finder at (\(ox), \(oy)): module (\(x), \(y))")
                }
            }
        }
        // Separators: the row and column of light modules between each finder and the data.
        for i in 0..<8 {
            #expect(!qr.isDark(7, i) && !qr.isDark(i, 7))
            #expect(!qr.isDark(n - 8, i) && !qr.isDark(n - 8 + i, 7))
            #expect(!qr.isDark(7, n - 8 + i) && !qr.isDark(i, n - 8))
        }
        // Timing pattern: row 6 alternates between the finders. Outside the symbol is light.
        for x in 8..<(n - 8) { #expect(qr.isDark(x, 6) == (x % 2 == 0)) }
        #expect(!qr.isDark(-1, 0) && !qr.isDark(n, n))
        // The runs drawn cover exactly the dark modules.
        let covered = qr.darkRuns.reduce(0) { $0 + $1.count }
        let dark = (0..<n).reduce(0) { sum, y in sum + (0..<n).filter { qr.isDark($0, y) }.count }
        #expect(covered == dark)
        #expect(qr.darkRuns.count < dark, "horizontal neighbours are merged")
    }

    @Test("Text that does not fit a QR code is an error, not a crash")
    func tooLong() throws {
        let error = #expect(throws: RenderError.self) { _ = try QRCode(text: String(repeating: "x", count: 5000)) }
        #expect(error?.message.contains("too long (5000 bytes)") == true)
    }

    @Test("Colours from hex; bad input is an error")
    func colours() throws {
        let c = try Color(hex: "#1d4e89")
        #expect(abs(c.red - 29 / 255) < 1e-9 && abs(c.green - 78 / 255) < 1e-9 && abs(c.blue - 137 / 255) < 1e-9)
        #expect(c.hex == "#1d4e89")
        #expect(try Color(hex: "FFF") == .white)
        #expect(try Color(hex: "#000000") == .black)
        for bad in ["", "#", "#12345", "#1234567", "#12345g", "blue", "#-12345"] {
            #expect(throws: RenderError.self, "\(bad)") { _ = try Color(hex: bad) }
        }
    }

    @Test("A missing file or one that is not a PNG is an error naming the file")
    func badImages() throws {
        try withTemporaryFolder { dir in
            let missing = dir.appendingPathComponent("logo.png")
            let e1 = #expect(throws: RenderError.self) { _ = try PNGImage(file: missing) }
            #expect(e1?.message.contains(missing.path) == true)
            let text = dir.appendingPathComponent("fake.png")
            try Data("not a picture".utf8).write(to: text)
            let e2 = #expect(throws: RenderError.self) { _ = try PNGImage(file: text) }
            #expect(e2?.message == "The image \(text.path) is not a PNG file; save it as PNG.")
            let truncated = dir.appendingPathComponent("truncated.png")
            try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0]).write(to: truncated)
            let e3 = #expect(throws: RenderError.self) { _ = try PNGImage(file: truncated) }
            #expect(e3?.message == "The image \(truncated.path) is damaged (its PNG header is incomplete or wrong); export it again as PNG.")
        }
    }

    @Test("A page with a QR code, a PNG image, rectangles and coloured text: PDF and PNG")
    func renderPage() throws {
        try withTemporaryFolder { dir in
            // A PNG to embed: a 40×20 pt page with a blue box, rendered at 72 dpi (40×20 pixels).
            let logoFile = dir.appendingPathComponent("logo.png")
            let blue = try Color(hex: "#1d4e89")
            try CairoRenderer().writePNG(
                Page(
                    width: 40, height: 20,
                    items: [.rect(x: 0, y: 0, width: 40, height: 20, fill: blue, stroke: nil, lineWidth: 0)]),
                dpi: 72, to: logoFile)
            let logo = try PNGImage(file: logoFile)
            #expect((logo.pixelWidth, logo.pixelHeight) == (40, 20))

            let qr = try QRCode(text: url)
            let text = try ParagraphLayout().layout(
                "Kommunales Integrationsmanagement", style: ParagraphStyle(language: Language("de"), size: 12), width: 300)
            let qrBox = (x: 300.0, y: 100.0, size: Units.points(mm: 30))
            let page = Page.a4(items: [
                .paragraph(text, x: 72, y: 72, color: blue),
                .rect(x: 72, y: 300, width: 200, height: 50, fill: nil, stroke: .black, lineWidth: 1),
                .image(logo, x: 72, y: 100, width: 120, height: 60),
                .image(logo, x: 72, y: 200, width: 40, height: 20),
                .qrCode(qr, x: qrBox.x, y: qrBox.y, size: qrBox.size, color: .black),
                .rule(x1: 72, y1: 400, x2: 500, y2: 400, width: 0.5, gray: 0.6),
            ])
            let pdf = dir.appendingPathComponent("page.pdf")
            try PDFRenderer().writePDF([page, page], info: DocumentInfo(title: "QR", language: Language("de")), to: pdf)

            // The image is embedded once, at its pixel size, however often it is drawn: one XObject
            // for both pages and both placements.
            let rows = try run("pdfimages", ["-list", pdf.path]).split(separator: "\n").dropFirst(2)
                .map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            #expect(rows.count == 4, "four placements: \(rows)")
            #expect(rows.allSatisfy { $0[3] == "40" && $0[4] == "20" && $0[5] == "rgb" })
            #expect(Set(rows.map { $0[10] }).count == 1, "one image object: \(rows)")  // object ID column

            // The page is drawn: the QR area is about half dark, the image area blue, text extractable.
            try #require(
                try runTool(
                    "pdftoppm", ["-gray", "-r", "72", "-f", "1", "-l", "1", pdf.path, dir.appendingPathComponent("p").path]
                ).status == 0)
            let pgm = try #require(
                try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasPrefix("p") && $0.hasSuffix(".pgm") })
            let gray = try GrayImage(pgm: dir.appendingPathComponent(pgm))
            let module = qrBox.size / Double(qr.size + 8)
            let inner = (x: qrBox.x + 4 * module, y: qrBox.y + 4 * module, side: Double(qr.size) * module)
            let darkShare =
                Double(gray.darkPixels(x: inner.x, y: inner.y, width: inner.side, height: inner.side, dpi: 72))
                / (inner.side * inner.side)
            #expect(darkShare > 0.3 && darkShare < 0.7, "QR area \(darkShare) dark")
            #expect(
                gray.darkPixels(x: qrBox.x, y: qrBox.y, width: qrBox.size, height: 4 * module - 1, dpi: 72) == 0,
                "quiet zone light")
            #expect(
                gray.darkPixels(x: 80, y: 110, width: 100, height: 40, dpi: 72) == 100 * 40, "image drawn (blue is dark in grey)")
            #expect(gray.darkPixels(x: 300, y: 500, width: 200, height: 200, dpi: 72) == 0, "nothing elsewhere")
            #expect(try run("pdftotext", [pdf.path, "-"]).contains("Kommunales Integrationsmanagement"))

            // The PNG output draws the same.
            let png = dir.appendingPathComponent("page.png")
            try CairoRenderer().writePNG(page, dpi: 72, to: png)
            #expect(try PNGImage(file: png).pixelWidth == Int(Units.points(mm: 210).rounded(.up)))

            // Decoded back if zbarimg (Debian: zbar-tools) happens to be installed; the checks above
            // do not depend on it.
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg") {
                let decoded = try runTool("zbarimg", ["--quiet", "--raw", png.path])
                #expect(decoded.output.trimmingCharacters(in: .whitespacesAndNewlines) == url)
            }
        }
    }
}
