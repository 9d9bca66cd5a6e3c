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
        let n = glyphs.count
        // Glyph indices in logical order: by HarfBuzz cluster, then by index.
        let order = (0..<n).sorted { glyphs[$0].cluster != glyphs[$1].cluster ? glyphs[$0].cluster < glyphs[$1].cluster : $0 < $1 }
        // Clusters as stretches of `order`: first text offset, the stretch, whether any glyph advances.
        var groups: [(start: Int, from: Int, to: Int, advances: Bool)] = []
        var i = 0
        while i < n {
            let cluster = glyphs[order[i]].cluster
            var j = i
            var advances = false
            while j < n, glyphs[order[j]].cluster == cluster {
                if glyphs[order[j]].advance > 0.0001 { advances = true }
                j += 1
            }
            // Merge a cluster without advance into its logical predecessor; a leading one takes in
            // the cluster after it.
            if let last = groups.last, !advances || !last.advances {
                groups[groups.count - 1].to = j
                groups[groups.count - 1].advances = last.advances || advances
            } else {
                groups.append((cluster, i, j, advances))
            }
            i = j
        }
        if !groups.isEmpty, groups[0].start > lower { groups[0].start = lower }

        // Each cluster's text rides on its widest glyph (the first of equals): bytes per glyph.
        var textOfGlyph = [Range<Int>](repeating: 0..<0, count: n)
        var pool: [UInt8] = []
        pool.reserveCapacity(run.utf16.count * 3)
        var scalars: [Unicode.Scalar] = []
        for (k, group) in groups.enumerated() {
            // The run's text may go past its range: a hyphenated line's hyphen (cluster `upperBound`).
            let end = k + 1 < groups.count ? groups[k + 1].start : lower + run.utf16.count
            var base = order[group.from]
            for g in order[group.from..<group.to] where glyphs[g].advance > glyphs[base].advance { base = g }
            scalars.removeAll(keepingCapacity: true)
            var u = group.start - lower
            let stop = end - lower
            while u < stop {
                let unit = run.utf16[u]
                if UTF16.isLeadSurrogate(unit), u + 1 < stop, UTF16.isTrailSurrogate(run.utf16[u + 1]) {
                    scalars.append(Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(run.utf16[u + 1]) - 0xDC00)) ?? "\u{FFFD}")
                    u += 2
                } else {
                    scalars.append(Unicode.Scalar(UInt32(unit)) ?? "\u{FFFD}")
                    u += 1
                }
            }
            if run.isRightToLeft { scalars.reverse() }
            let from = pool.count
            for s in scalars { pool.append(contentsOf: UTF8.encode(s)!) }
            textOfGlyph[base] = from..<pool.count
        }

        utf8 = []
        utf8.reserveCapacity(pool.count)
        clusters = []
        clusters.reserveCapacity(n)
        for g in (run.isRightToLeft ? Array(glyphs.indices.reversed()) : Array(glyphs.indices)) {
            utf8.append(contentsOf: pool[textOfGlyph[g]])
            clusters.append((bytes: textOfGlyph[g].count, glyphs: 1))
        }
        backward = run.isRightToLeft
    }
}
