public import Foundation
public import KimCore
public import KimText

/// A page ready to draw: its size and what stands where, in points from the top-left corner.
public struct Page: Sendable {
    public enum Item: Sendable {
        /// A paragraph whose top-left corner is at `origin`.
        case paragraph(LaidOutParagraph, x: Double, y: Double)
        /// A straight line.
        case rule(x1: Double, y1: Double, x2: Double, y2: Double, width: Double, gray: Double)
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
