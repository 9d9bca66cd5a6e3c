// Shared by the template and office targets: a throwaway project folder and the invariant that
// every error the readers throw is located in the file they read. Built by scripts/fuzz.
import Foundation
import KimTemplate

enum FuzzProject {
    /// `/dev/shm/kimdoc-fuzz-PID` with `Templates/offices/` and a 1 × 1 `logo.png` in both
    /// folders, so that `image: {file: logo.png}` and `logo: logo.png` get past the path and
    /// header checks and the fuzzer reaches what follows them.
    static let root: URL = {
        let root = URL(fileURLWithPath: "/dev/shm/kimdoc-fuzz-\(getpid())")
        let offices = root.appendingPathComponent("Templates/offices")
        try? FileManager.default.createDirectory(at: offices, withIntermediateDirectories: true)
        let png = Data([
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41,
            0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xD0, 0x00, 0x00, 0x04, 0x81, 0x01, 0x80, 0x2C, 0x55, 0xCE, 0xB0, 0x00, 0x00,
            0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ])
        try? png.write(to: root.appendingPathComponent("Templates/logo.png"))
        try? png.write(to: offices.appendingPathComponent("logo.png"))
        // Removed when libFuzzer exits normally (a crash leaves it, next to the input that made it).
        atexit { try? FileManager.default.removeItem(at: FuzzProject.root) }
        return root
    }()

    /// Stops the fuzzer with a finding: an invariant of the reader does not hold.
    static func violated(_ what: String) -> Never {
        fatalError("INVARIANT: \(what)")
    }

    /// Line breaks as libyaml counts them (LF, CR, NEL, LS, PS; CRLF counted twice here, which
    /// only loosens the bound).
    static func lineBound(_ text: String) -> Int {
        text.unicodeScalars.reduce(1) { n, u in [0x0A, 0x0D, 0x85, 0x2028, 0x2029].contains(u.value) ? n + 1 : n }
    }

    /// Every error is a `TemplateError` in `file`, at a line of the text and a column ≥ 1, with a
    /// message: "errors name file, line and column".
    static func checkLocated(_ error: any Error, file: String, text: String?) {
        guard let e = error as? TemplateError else { violated("\(type(of: error)) instead of a located TemplateError: \(error)") }
        guard e.location.file == file else { violated("error in \(e.location.file), not \(file): \(e)") }
        let lines = text.map(lineBound) ?? 1
        guard e.location.line >= 1, e.location.line <= lines, e.location.column >= 1 else {
            violated("error at line \(e.location.line) column \(e.location.column) of a text of \(lines) lines: \(e)")
        }
        guard !e.message.isEmpty else { violated("an error without a message at \(e.location)") }
    }

    /// An office text as `plainText` lets it through: no format, control or separator character.
    static func isPlain(_ s: String) -> Bool {
        !s.unicodeScalars.contains { [.format, .control, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) }
    }
}
