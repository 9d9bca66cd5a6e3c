internal import CQREncode
internal import Glibc
import Synchronization

/// Codes made for documents, by text: an office's web address is encoded again for every flyer
/// the server makes. Only what a template and office data say (never client data) comes here.
private let madeCodes = Mutex<[String: QRCode]>([:])

/// A QR code (ISO/IEC 18004) for a text, through libqrencode: the smallest version that holds the
/// text's UTF-8 bytes at the chosen error correction, case kept.
///
/// ```swift
/// let qr = try QRCode(text: "https://kim.example.org/")
/// page.items.append(.qrCode(qr, x: 400, y: 700, size: Units.points(mm: 25), color: .black))
/// ```
public struct QRCode: Sendable, Equatable {
    /// How much of the symbol may be damaged and still read (about 7, 15, 25, 30 %).
    public enum ErrorCorrection: String, Sendable, CaseIterable {
        case low, medium, quartile, high
    }

    public let text: String
    public let errorCorrection: ErrorCorrection
    /// The symbol version, 1…40.
    public let version: Int
    /// Modules per side (17 + 4 × version), without the quiet zone.
    public let size: Int
    /// The modules row by row, true for dark.
    private let modules: [Bool]

    /// The code for `text` at medium error correction, kept for the next document (at most 64
    /// texts are kept). For texts of templates and office data only.
    public static func remembered(text: String) throws -> QRCode {
        if let known = madeCodes.withLock({ $0[text] }) { return known }
        let code = try QRCode(text: text)
        madeCodes.withLock { codes in
            if codes.count >= 64 { codes.removeAll() }
            codes[text] = code
        }
        return code
    }

    /// Modules of quiet zone (light margin) a reader needs on each side.
    public static let quietZone = 4

    public init(text: String, errorCorrection: ErrorCorrection = .medium) throws {
        let level: QRecLevel
        switch errorCorrection {
        case .low: level = QR_ECLEVEL_L
        case .medium: level = QR_ECLEVEL_M
        case .quartile: level = QR_ECLEVEL_Q
        case .high: level = QR_ECLEVEL_H
        }
        // Version 0: the smallest that fits. QR_MODE_8: what is not numeric or alphanumeric goes
        // in as bytes (UTF-8). Case-sensitive: lower case is not folded to the alphanumeric set.
        errno = 0
        guard let code = QRcode_encodeString(text, 0, level, QR_MODE_8, 1) else {
            let e = errno
            let reason: String
            switch e {
            case ERANGE:
                reason = "it is too long (\(text.utf8.count) bytes) for a QR code at error correction \(errorCorrection.rawValue)"
            case EINVAL: reason = "libqrencode rejects it as input (an empty text?)"
            case ENOMEM: reason = "out of memory"
            default: reason = String(cString: strerror(e))
            }
            let shown = text.count > 60 ? text.prefix(60) + "…" : Substring(text)
            throw RenderError("Cannot encode \"\(shown)\" as a QR code: \(reason).")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard width > 0, let data = code.pointee.data else {
            throw RenderError("libqrencode returned an empty QR code for \"\(text)\".")
        }
        self.text = text
        self.errorCorrection = errorCorrection
        self.version = Int(code.pointee.version)
        self.size = width
        // Bit 0 of each byte is the module's colour; the other bits say what it belongs to.
        self.modules = (0..<(width * width)).map { data[$0] & 1 == 1 }
    }

    /// Whether the module in column `x`, row `y` (from the top-left, 0..<size) is dark; outside
    /// the symbol (the quiet zone) it is light.
    public func isDark(_ x: Int, _ y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// Dark modules as horizontal runs: per row, maximal stretches of dark modules
    /// (row, first column, count), what the renderer draws as one rectangle each.
    public var darkRuns: [(row: Int, column: Int, count: Int)] {
        var runs: [(row: Int, column: Int, count: Int)] = []
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x, y) else { x += 1; continue }
                let start = x
                while x < size && isDark(x, y) { x += 1 }
                runs.append((y, start, x - start))
            }
        }
        return runs
    }
}
