import Foundation
import KimCore
import KimTestSupport
import Testing

/// A PNG of `width` × `height` pixels in its header, with a body that is not a valid image: what
/// kimdoc must judge by the header alone, before anything is decoded.
func pngHeader(width: UInt32, height: UInt32, body: [UInt8] = Array(repeating: 0x55, count: 64)) -> Data {
    func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
    bytes += be(width) + be(height) + [8, 6, 0, 0, 0] + [0, 0, 0, 0] + body
    return Data(bytes)
}

/// Issue 19, "bounded work": sizes over the documented limits are refused with a located message
/// before the work whose time or memory grows with them.
@Suite("Bounded work: size limits before work")
struct BoundedWorkTests {
    func kimdoc(_ root: URL, _ arguments: [String]) throws -> ToolResult {
        try runProgram(try kimdocExecutable(), arguments, environment: ["KIMDOC_ROOT": root.path, "KIMDOC_CACHE_DIR": root.appendingPathComponent("cache").path])
    }

    /// The tri-fold flyer: the template with the office's logo.
    func flyer(_ root: URL) throws -> ToolResult {
        try kimdoc(root, ["flyer", "--template", "kim-flyer-trifold", "--office", "musterstadt", "--lang", "de", "--out", root.appendingPathComponent("x.pdf").path])
    }

    /// Replaces `old` with `new` in a file of the project copy.
    func edit(_ root: URL, _ path: String, _ old: String, _ new: String) throws {
        let url = root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        try #require(text.contains(old))
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
    }

    @Test("the PNG header is read for the size: limits, damage, not a PNG")
    func header() {
        #expect(PNGHeader.read(pngHeader(width: 640, height: 480)) == .success(PNGHeader(width: 640, height: 480)))
        #expect(PNGHeader.read(pngHeader(width: 20000, height: 20000)) == .failure(.tooLarge(width: 20000, height: 20000)))
        #expect(PNGHeader.read(pngHeader(width: 0, height: 5)) == .failure(.damaged))
        #expect(PNGHeader.read(pngHeader(width: 0x8000_0000, height: 1)) == .failure(.damaged))
        #expect(PNGHeader.read(pngHeader(width: 5, height: 5).prefix(20)) == .failure(.damaged))
        #expect(PNGHeader.read(Data("GIF89a".utf8)) == .failure(.notPNG))
        #expect(PNGHeader.read(Data()) == .failure(.notPNG))
    }

    @Test("a logo of 20000 × 20000 pixels is refused from its header, naming the office file and line")
    func hugeLogo() throws {
        try withProjectCopy { root in
            try pngHeader(width: 20000, height: 20000).write(to: root.appendingPathComponent("Templates/offices/musterstadt-logo.png"))
            let r = try flyer(root)
            #expect(r.status == 1)
            #expect(r.errorOutput.contains("Templates/offices/musterstadt.yaml:21:7: error: the logo musterstadt-logo.png has 20000 × 20000 pixels, more than the 50 megapixels"), "\(r.errorOutput)")
        }
    }

    @Test("a damaged PNG is reported as damaged (not 'out of memory'), at the line naming it, on standard error")
    func damagedLogo() throws {
        try withProjectCopy { root in
            try pngHeader(width: 64, height: 64).write(to: root.appendingPathComponent("Templates/offices/musterstadt-logo.png"))
            let r = try flyer(root)
            #expect(r.status == 1)
            #expect(r.errorOutput.contains("Templates/offices/musterstadt.yaml:21:7: error: The image"), "\(r.errorOutput)")
            #expect(r.errorOutput.contains("musterstadt-logo.png is damaged (it cannot be decoded); export it again as PNG."))
            #expect(!r.errorOutput.contains("memory") && !r.output.contains("damaged"))
        }
    }

    @Test("kimdoc build: an image error is on standard error with the office file's line; the other documents are made")
    func buildImageError() throws {
        try withProjectCopy { root in
            try pngHeader(width: 64, height: 64).write(to: root.appendingPathComponent("Templates/offices/musterstadt-logo.png"))
            let r = try kimdoc(root, ["build", "--template", "kim-flyer-trifold", "--lang", "de", "--out", root.appendingPathComponent("out").path])
            #expect(r.status == 1)
            #expect(r.errorOutput.contains("kimdoc: failed: kim-flyer-trifold/musterstadt-de: Templates/offices/musterstadt.yaml:21:7: error: The image"), "\(r.errorOutput)")
            #expect(r.errorOutput.contains("is damaged (it cannot be decoded); export it again as PNG."))
            #expect(!r.output.contains("damaged") && !r.output.contains("failed:"))
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/kim-flyer-trifold/beispielkreis-de.pdf").path))
        }
    }

    @Test("a template text over 10000 bytes is refused at its line")
    func longTemplateText() throws {
        try withProjectCopy { root in
            let url = root.appendingPathComponent("Templates/kim-flyer-trifold.yaml")
            let text = try String(contentsOf: url, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let i = try #require(lines.firstIndex { $0.hasPrefix("          de: Kostenlos") })
            var changed = lines.map(String.init)
            changed[i] = "          de: \(String(repeating: "Wort", count: 2600))"
            try Data(changed.joined(separator: "\n").utf8).write(to: url)
            let r = try flyer(root)
            #expect(r.status == 1)
            #expect(r.errorOutput.contains("Templates/kim-flyer-trifold.yaml:\(i + 1):"), "\(r.errorOutput)")
            #expect(r.errorOutput.contains("a text longer than 10000 bytes; shorten it or split it into several texts"))
        }
    }

    @Test("a catalog string over 10000 bytes is refused at its entry")
    func longTranslation() throws {
        try withProjectCopy { root in
            let url = root.appendingPathComponent("Translations/en.po")
            var text = try String(contentsOf: url, encoding: .utf8)
            text += "\nmsgctxt \"zz.long\"\nmsgid \"x\"\nmsgstr \"\(String(repeating: "Wort", count: 2600))\"\n"
            try Data(text.utf8).write(to: url)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            let r = try kimdoc(root, ["catalog", "status"])
            #expect(r.errorOutput.contains("Translations/en.po:\(lines - 3):1: error: a text longer than 10000 bytes"), "\(r.errorOutput)")
        }
    }
}
