internal import CICU
public import KimCore

/// Bidi levels for one paragraph, resolved once (UAX #9), and visual runs per line.
///
/// Offsets are UTF-16 indices into the paragraph text. The paragraph keeps its own copy of the
/// text, which ICU reads while the object lives.
public final class BidiParagraph {
    /// One run of a line in visual order (left to right on the page).
    public struct VisualRun: Equatable, Sendable {
        /// Logical range, UTF-16.
        public let range: Range<Int>
        /// Embedding level after rule L1; odd is right to left.
        public let level: UInt8
        public var isRightToLeft: Bool { level & 1 == 1 }
    }

    private let text: UnsafeMutableBufferPointer<UInt16>
    private let handle: OpaquePointer
    /// The embedding level of each UTF-16 unit.
    public let levels: [UInt8]
    /// The paragraph's base direction.
    public let direction: TextDirection

    public init(utf16 units: [UInt16], policy: DirectionPolicy, languageDirection: TextDirection) throws {
        text = .allocate(capacity: max(units.count, 1))
        _ = text.initialize(from: units)
        let level: UInt8
        switch policy {
        case .fromLanguage: level = languageDirection == .rightToLeft ? 1 : 0
        case .firstStrong: level = 254
        case .fixed(let d): level = d == .rightToLeft ? 1 : 0
        }
        var status: Int32 = 0
        guard let h = kim_bidi_open(text.baseAddress, Int32(units.count), level, &status) else {
            text.deallocate()
            throw ICUError(function: "kim_bidi_open", code: status == 0 ? 1 : status)
        }
        handle = h
        var lv = [UInt8](repeating: 0, count: units.count)
        lv.withUnsafeMutableBufferPointer { kim_bidi_levels(h, $0.baseAddress, Int32(units.count), &status) }
        if status > 0 {
            kim_bidi_close(h)
            text.deallocate()
            throw ICUError(function: "kim_bidi_levels", code: status)
        }
        levels = lv
        direction = kim_bidi_paragraph_level(h) & 1 == 1 ? .rightToLeft : .leftToRight
    }

    deinit {
        kim_bidi_close(handle)
        text.deallocate()
    }

    /// The visual runs of the line `range` (rule L1 applied: trailing whitespace takes the
    /// paragraph level), left to right.
    public func visualRuns(line range: Range<Int>) throws -> [VisualRun] {
        if range.isEmpty { return [] }
        var capacity = 16
        while true {
            var starts = [Int32](repeating: 0, count: capacity)
            var lengths = [Int32](repeating: 0, count: capacity)
            var lv = [UInt8](repeating: 0, count: capacity)
            var status: Int32 = 0
            let n = kim_bidi_line_runs(
                handle, Int32(range.lowerBound), Int32(range.upperBound), &starts, &lengths, &lv,
                Int32(capacity), &status)
            try ICUError.check(status, "kim_bidi_line_runs")
            if Int(n) > capacity { capacity = Int(n); continue }
            return (0..<Int(n)).map {
                VisualRun(range: Int(starts[$0])..<Int(starts[$0] + lengths[$0]), level: lv[$0])
            }
        }
    }
}
