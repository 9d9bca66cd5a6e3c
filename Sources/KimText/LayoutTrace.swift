import KimCore
import KimUnicode

/// A readable dump of every layout stage, for tests that diff it against stored expectations and
/// for developers (`kimdoc text --trace`).
///
/// Offsets are UTF-16 indices into the paragraph buffer (isolates around values included);
/// lengths are points, rounded to 0.01. Glyphs read `id@cluster` and are listed in visual order.
/// A line ending at a hyphenation point is marked `hyphen`; its hyphen glyph carries the offset
/// after the line as its cluster, and its run's text ends in "-".
public enum LayoutTrace {
    public static func render(_ p: LaidOutParagraph) -> String {
        var out: [String] = []
        let shown = p.units.map { u -> String in
            switch u {
            case 0x2066: return "⟨LRI⟩"
            case 0x2067: return "⟨RLI⟩"
            case 0x2068: return "⟨FSI⟩"
            case 0x2069: return "⟨PDI⟩"
            case 0x200C: return "⟨ZWNJ⟩"
            case 0x200D: return "⟨ZWJ⟩"
            default: return String(decoding: [u], as: UTF16.self)
            }
        }
        out.append("paragraph \(p.language) \(p.direction.rawValue) width \(f(p.width)) size \(f(p.style.size)) align \(p.style.alignment.rawValue)")
        out.append("text \(p.units.count) units: \(shown.joined())")
        // Stage 2: bidi levels, run-length encoded.
        var levels: [String] = []
        var i = 0
        while i < p.levels.count {
            var j = i
            while j < p.levels.count && p.levels[j] == p.levels[i] { j += 1 }
            levels.append("\(i)..<\(j):\(p.levels[i])")
            i = j
        }
        out.append("bidi levels " + levels.joined(separator: " "))
        for v in p.values { out.append("value \(v.kind.rawValue) \(v.range.lowerBound)..<\(v.range.upperBound)") }
        // Stages 3-4: items.
        for item in p.items {
            out.append("item \(item.range.lowerBound)..<\(item.range.upperBound) level \(item.level) \(item.script.isoCode) \"\(item.font)\"")
        }
        // Stage 6: opportunities kept.
        out.append("breaks " + p.opportunities.map { $0.isHard ? "\($0.offset)!" : "\($0.offset)" }.joined(separator: " "))
        // Stages 7-10: lines.
        for (n, line) in p.lines.enumerated() {
            out.append(
                "line \(n + 1) \(line.span.content.lowerBound)..<\(line.span.content.upperBound) next \(line.span.next) x \(f(line.x)) width \(f(line.width)) baseline \(f(line.baseline))"
                    + (line.span.isHyphenated ? " hyphen" : "")
            )
            for run in line.runs {
                let glyphs = run.glyphs.map { "\($0.id)@\($0.cluster)" }.joined(separator: " ")
                let first = run.glyphs.first.map { f($0.x) } ?? "-"
                out.append("  run \(run.range.lowerBound)..<\(run.range.upperBound) \(run.isRightToLeft ? "rtl" : "ltr") \"\(run.font)\" x \(first): \(glyphs)")
                out.append("    text \(run.text)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func f(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
