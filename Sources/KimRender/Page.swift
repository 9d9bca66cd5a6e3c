public import Foundation
public import KimCore
public import KimText

/// A page ready to draw: its size and what stands where, in points from the top-left corner.
public struct Page: Sendable {
    public enum Item: Sendable {
        /// A paragraph whose top-left corner is at (`x`, `y`), its text in `color`.
        case paragraph(LaidOutParagraph, x: Double, y: Double, color: Color = .black)
        /// A straight line.
        case rule(x1: Double, y1: Double, x2: Double, y2: Double, width: Double, gray: Double)
        /// A rectangle, filled and/or outlined (the outline centred on its edges).
        case rect(x: Double, y: Double, width: Double, height: Double, fill: Color?, stroke: Color?, lineWidth: Double)
        /// A PNG image scaled to the box.
        case image(PNGImage, x: Double, y: Double, width: Double, height: Double)
        /// A QR code as vector squares; `size` is the side of the whole square including the quiet
        /// zone of 4 modules on each side, which is left unpainted (put it on a light background).
        case qrCode(QRCode, x: Double, y: Double, size: Double, color: Color)
    }

    public var width: Double
    public var height: Double
    public var items: [Item]

    public init(width: Double, height: Double, items: [Item] = []) {
        self.width = width
        self.height = height
        self.items = items
    }

    /// A4 portrait, 210 × 297 mm.
    public static func a4(items: [Item] = []) -> Page {
        Page(width: Units.points(mm: 210), height: Units.points(mm: 297), items: items)
    }
}

/// What the PDF says about itself.
public struct DocumentInfo: Sendable {
    public var title: String
    public var language: Language
    public var creator: String
    /// A fixed creation date makes the output byte-for-byte reproducible; nil means now.
    public var creationDate: Date?

    public init(title: String, language: Language, creator: String = "kimdoc", creationDate: Date? = nil) {
        self.title = title
        self.language = language
        self.creator = creator
        self.creationDate = creationDate
    }

    /// The date from the environment's `SOURCE_DATE_EPOCH` (the reproducible-builds convention).
    public static var sourceDateEpoch: Date? {
        guard let s = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let t = TimeInterval(s) else { return nil }
        return Date(timeIntervalSince1970: t)
    }
}

/// An RGB colour, each component 0…1.
public struct Color: Sendable, Hashable, CustomStringConvertible {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from `#rrggbb` (or `#rgb`; the `#` may be left out), e.g. `#1d4e89`.
    public init(hex: String) throws {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        var values: [Double] = []
        if digits.count == 6 || digits.count == 3, digits.allSatisfy(\.isHexDigit) {
            let step = digits.count / 3
            var i = digits.startIndex
            for _ in 0..<3 {
                let j = digits.index(i, offsetBy: step)
                let part = String(digits[i..<j])
                if let v = UInt8(step == 1 ? part + part : part, radix: 16) { values.append(Double(v) / 255) }
                i = j
            }
        }
        guard values.count == 3 else {
            throw RenderError("\"\(hex)\" is not a colour: write it as #rrggbb in hexadecimal, e.g. #1d4e89.")
        }
        self.init(red: values[0], green: values[1], blue: values[2])
    }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)

    /// `#rrggbb`.
    public var hex: String {
        let digits = [red, green, blue].map { c in
            let v = Int((min(max(c, 0), 1) * 255).rounded())
            return (v < 16 ? "0" : "") + String(v, radix: 16)
        }
        return "#" + digits.joined()
    }

    public var description: String { hex }
}
