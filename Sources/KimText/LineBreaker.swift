import KimUnicode

/// One line as the breaker chose it, in logical UTF-16 offsets.
public struct LineSpan: Sendable, Equatable {
    /// What is drawn: the line without its trailing spaces.
    public let content: Range<Int>
    /// Where the next line starts.
    public let next: Int
    /// Ended by a mandatory break (a justified paragraph leaves such a line unstretched).
    public let isHard: Bool
}

/// Stage 7, break lines: first fit over ICU's opportunities.
///
/// Opportunities inside a value are withdrawn, so phone numbers, e-mail addresses and URLs stay
/// whole. Only a stretch that cannot fit on a line by itself is broken inside: first at the
/// opportunities ICU sees within it, then between graphemes.
struct LineBreaker {
    /// Advance (points) charged to each UTF-16 offset: a cluster's width sits on its first unit.
    let advances: [Double]
    let units: [UInt16]
    let width: Double

    private var prefix: [Double]

    init(advances: [Double], units: [UInt16], width: Double) {
        self.advances = advances
        self.units = units
        self.width = width
        var p = [0.0]
        p.reserveCapacity(advances.count + 1)
        for a in advances { p.append(p[p.count - 1] + a) }
        prefix = p
    }

    /// Width of the logical range, trailing spaces not counted.
    func measure(_ start: Int, _ end: Int) -> Double { prefix[trimmed(start, end)] - prefix[start] }

    /// `end` moved back over trailing white space.
    func trimmed(_ start: Int, _ end: Int) -> Int {
        var e = end
        while e > start, let s = Unicode.Scalar(UInt32(units[e - 1])), s.properties.isWhitespace || s == "\u{2028}" || s == "\u{2029}" {
            e -= 1
        }
        return e
    }

    /// - Parameters:
    ///   - opportunities: allowed breaks (values' insides already removed), ascending.
    ///   - fallback: breaks to use inside an over-long stretch (ICU's, values included), ascending.
    ///   - graphemes: grapheme boundaries, the last resort.
    func breakLines(opportunities: [LineBreakOpportunity], fallback: [Int], graphemes: [Int]) -> [LineSpan] {
        let n = units.count
        var lines: [LineSpan] = []
        var start = 0
        var i = 0
        let tolerance = 0.001
        while start < n {
            var best: Int? = nil
            var hard = false
            while i < opportunities.count {
                let o = opportunities[i]
                if o.offset <= start { i += 1; continue }
                guard measure(start, o.offset) <= width + tolerance else { break }
                best = o.offset
                i += 1
                if o.isHard { hard = true; break }
            }
            let end: Int
            if let b = best {
                end = b
            } else {
                // The stretch up to the next opportunity does not fit a line by itself.
                let stretchEnd = i < opportunities.count ? opportunities[i].offset : n
                end = emergencyBreak(start, stretchEnd, candidates: fallback, graphemes: graphemes)
                if end == stretchEnd, i < opportunities.count { hard = opportunities[i].isHard; i += 1 }
            }
            lines.append(LineSpan(content: start..<trimmed(start, end), next: end, isHard: hard))
            start = end
        }
        return lines
    }

    private func emergencyBreak(_ start: Int, _ stretchEnd: Int, candidates: [Int], graphemes: [Int]) -> Int {
        for set in [candidates, graphemes] {
            let inside = set.filter { $0 > start && $0 < stretchEnd }
            if let fit = inside.last(where: { measure(start, $0) <= width }) { return fit }
        }
        // Not even one grapheme fits: put the first one on the line alone.
        return graphemes.first { $0 > start } ?? stretchEnd
    }
}
