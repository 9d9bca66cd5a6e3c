import KimText

/// The glyph-to-text map handed to `cairo_show_text_glyphs` for one run, built so that PDF text
/// extraction gives back the logical text.
///
/// Extractors such as poppler (`pdftotext`, Evince) do not read the content stream in order:
/// they give every character a box from its glyph's position and width, and read a right-to-left
/// line by descending x. Two things then go wrong with a naive one-cluster-per-HarfBuzz-cluster map:
/// - a glyph with no advance of its own (a mark, the alef of Naskh's lam-alef) becomes a
///   zero-width character that breaks the line apart;
/// - a glyph standing for several characters (a lam-alef ligature, a letter with its shadda) has
///   its box split among them left to right, so in a right-to-left line they come out reversed.
/// So every glyph gets its own cluster; a HarfBuzz cluster's text rides on its widest glyph (the
/// others map to no text); a cluster with no advance at all is merged into its logical
/// predecessor; and in a right-to-left run a multi-character mapping lists its characters in
/// visual order (last first), which the extractor's right-to-left reading turns back into
/// logical order. The content stream still holds the glyphs in logical order (Cairo's BACKWARD
/// flag), so `pdftotext -raw` and screen readers see the text in reading order too.
struct TextClusters: Equatable {
    /// The concatenated text of all clusters, in cluster order.
    var utf8: [UInt8]
    /// (bytes, glyphs) per cluster, in cluster order.
    var clusters: [(bytes: Int, glyphs: Int)]
    /// Clusters run from the end of the glyph array (right-to-left runs).
    var backward: Bool

    static func == (a: TextClusters, b: TextClusters) -> Bool {
        a.utf8 == b.utf8 && a.backward == b.backward && a.clusters.map { [$0.bytes, $0.glyphs] } == b.clusters.map { [$0.bytes, $0.glyphs] }
    }

    /// The text each glyph maps to, in the glyph array's (visual) order; for tests and traces.
    var textPerGlyph: [String] {
        var out: [String] = []
        var offset = 0
        for c in clusters {
            out.append(String(decoding: utf8[offset..<(offset + c.bytes)], as: UTF8.self))
            offset += c.bytes
        }
        return backward ? out.reversed() : out
    }

    init(_ run: GlyphRun) {
        let glyphs = run.glyphs
        let lower = run.range.lowerBound
        // HarfBuzz clusters in logical order: first offset, glyph indices.
        var byStart: [Int: [Int]] = [:]
        for (i, g) in glyphs.enumerated() { byStart[g.cluster, default: []].append(i) }
        var groups: [(start: Int, glyphs: [Int])] = byStart.keys.sorted().map { ($0, byStart[$0] ?? []) }
        if let first = groups.first, first.start > lower { groups[0].start = lower }

        // Merge a cluster without advance into its logical predecessor; a leading one takes in
        // the cluster after it.
        func hasAdvance(_ g: [Int]) -> Bool { g.contains { glyphs[$0].advance > 0.0001 } }
        var merged: [(start: Int, glyphs: [Int])] = []
        for group in groups {
            if let last = merged.last, !hasAdvance(group.glyphs) || !hasAdvance(last.glyphs) {
                merged[merged.count - 1].glyphs += group.glyphs
            } else {
                merged.append(group)
            }
        }

        var textOfGlyph = [String](repeating: "", count: glyphs.count)
        for (k, group) in merged.enumerated() {
            // The run's text may go past its range: a hyphenated line's hyphen (cluster `upperBound`).
            let end = k + 1 < merged.count ? merged[k + 1].start : lower + run.utf16.count
            let chars = String(decoding: run.utf16[(group.start - lower)..<(end - lower)], as: UTF16.self)
            guard let base = group.glyphs.max(by: { glyphs[$0].advance < glyphs[$1].advance }) else { continue }
            textOfGlyph[base] =
                run.isRightToLeft && chars.unicodeScalars.count > 1
                ? String(String.UnicodeScalarView(chars.unicodeScalars.reversed())) : chars
        }

        let order = run.isRightToLeft ? Array(glyphs.indices.reversed()) : Array(glyphs.indices)
        utf8 = order.flatMap { Array(textOfGlyph[$0].utf8) }
        clusters = order.map { (bytes: textOfGlyph[$0].utf8.count, glyphs: 1) }
        backward = run.isRightToLeft
    }
}
