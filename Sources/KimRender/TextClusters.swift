import KimText

/// The text each glyph of a run stands for, built so that PDF text extraction gives back the
/// logical text: a glyph's text goes into the font's ToUnicode map, or into an `/ActualText`
/// span around it where the font's map already says something else (see `PDFFonts`).
///
/// Extractors such as poppler (`pdftotext`, Evince) do not read the content stream in order:
/// they give every character a box from its glyph's position and width, and read a right-to-left
/// line by descending x. Two things then go wrong with a naive one-cluster-per-HarfBuzz-cluster map:
/// - a glyph with no advance of its own (a mark, the alef of Naskh's lam-alef) becomes a
///   zero-width character that breaks the line apart;
/// - a glyph standing for several characters (a lam-alef ligature, a letter with its shadda) has
///   its box split among them left to right, so in a right-to-left line they come out reversed.
/// So every glyph gets its own text; a HarfBuzz cluster's text rides on its widest glyph (the
/// others stand for no text); a cluster with no advance at all is merged into its logical
/// predecessor; and in a right-to-left run a multi-character text lists its characters in
/// visual order (last first), which the extractor's right-to-left reading turns back into
/// logical order. The content stream holds the glyphs in logical order (`PDFPageContent`), so
/// `pdftotext -raw` and screen readers see the text in reading order too.
struct TextClusters: Equatable {
    /// The texts of all glyphs, one after the other (UTF-16).
    var units: [UInt16]
    /// Per glyph, in the glyph array's (visual) order: its text in `units`.
    var ranges: [Range<Int>]
    /// The run is right to left (its glyphs are drawn last first).
    var backward: Bool
    /// The logical texts of all glyphs (UTF-16), for the fonts' ToUnicode maps: read in the
    /// content stream's order (logical), they give the run's text, whatever the glyphs' positions.
    var logicalUnits: [UInt16]
    /// Per glyph, in the glyph array's (visual) order: its logical text in `logicalUnits`, never
    /// empty (see `logicalText(ofGlyph:)`).
    var logicalRanges: [Range<Int>]

    /// The text each glyph stands for, in the glyph array's (visual) order; for tests and traces.
    var textPerGlyph: [String] {
        ranges.map { String(decoding: units[$0], as: UTF16.self) }
    }

    /// The text of glyph `index` (visual order) for readers that read by position (poppler).
    func text(ofGlyph index: Int) -> ArraySlice<UInt16> { units[ranges[index]] }

    /// The text of glyph `index` (visual order) for readers that read the content stream in order
    /// and take each glyph's text from ToUnicode alone (MuPDF up to 1.23, pdfminer.six): a
    /// HarfBuzz cluster's characters shared out over its glyphs in stream order, one character
    /// each where there are as many glyphs as characters (a letter and its shadda, Naskh's lam
    /// and the alef of lam-alef), the rest on the cluster's last glyph (a ligature glyph for
    /// several letters). A glyph left without a character (a cluster of more glyphs than
    /// characters) stands for U+200D ZERO WIDTH JOINER, which no reader shows: a glyph without
    /// ToUnicode entry comes back as U+FFFD (MuPDF) or "(cid:N)" (pdfminer.six).
    func logicalText(ofGlyph index: Int) -> ArraySlice<UInt16> { logicalUnits[logicalRanges[index]] }

    /// Per glyph, in the glyph array's order: its logical text; for tests and traces.
    var logicalTextPerGlyph: [String] {
        logicalRanges.map { String(decoding: logicalUnits[$0], as: UTF16.self) }
    }

    /// What a glyph without a character of its own stands for (see `logicalText(ofGlyph:)`).
    static let noCharacter: UInt16 = 0x200D

    init(_ run: GlyphRun) {
        let glyphs = run.glyphs
        let lower = run.range.lowerBound
        let n = glyphs.count
        // Glyph indices in logical order: by HarfBuzz cluster, then by index.
        // (Left-to-right runs come in that order already.)
        let inOrder = n < 2 || (1..<n).allSatisfy { glyphs[$0 - 1].cluster <= glyphs[$0].cluster }
        let order: [Int]
        if inOrder {
            order = Array(0..<n)
        } else if (1..<n).allSatisfy({ glyphs[$0 - 1].cluster >= glyphs[$0].cluster }) {
            // Right-to-left runs come last cluster first: the clusters from the end, each
            // cluster's glyphs by index (what the sort below gives, without sorting).
            var o: [Int] = []
            o.reserveCapacity(n)
            var end = n
            while end > 0 {
                var start = end - 1
                while start > 0, glyphs[start - 1].cluster == glyphs[end - 1].cluster { start -= 1 }
                o.append(contentsOf: start..<end)
                end = start
            }
            order = o
        } else {
            order = (0..<n).sorted { glyphs[$0].cluster != glyphs[$1].cluster ? glyphs[$0].cluster < glyphs[$1].cluster : $0 < $1 }
        }
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
        var pool: [UInt16] = []
        pool.reserveCapacity(run.utf16.count)
        var scalars: [Unicode.Scalar] = []
        for (k, group) in groups.enumerated() {
            // The run's text may go past its range: a hyphenated line's hyphen (cluster `upperBound`).
            let end = k + 1 < groups.count ? groups[k + 1].start : lower + run.utf16.count
            var base = order[group.from]
            for g in order[group.from..<group.to] where glyphs[g].advance > glyphs[base].advance { base = g }
            var u = group.start - lower
            let stop = end - lower
            let from = pool.count
            // Without surrogates every unit is a character: the units as they are (last first in a
            // right-to-left run), as the loop below would give them.
            if u < stop, !run.utf16[u..<stop].contains(where: UTF16.isSurrogate) {
                if run.isRightToLeft { pool.append(contentsOf: run.utf16[u..<stop].reversed()) } else { pool.append(contentsOf: run.utf16[u..<stop]) }
                textOfGlyph[base] = from..<pool.count
                continue
            }
            scalars.removeAll(keepingCapacity: true)
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
            for s in scalars { pool.append(contentsOf: UTF16.encode(s)!) }
            textOfGlyph[base] = from..<pool.count
        }

        units = pool
        ranges = textOfGlyph
        backward = run.isRightToLeft
        (logicalUnits, logicalRanges) = Self.logical(run, order: order)
    }

    /// Logical text per glyph: each HarfBuzz cluster's scalars shared out over its glyphs in
    /// stream order (see `logicalText(ofGlyph:)`).
    private static func logical(_ run: GlyphRun, order: [Int]) -> ([UInt16], [Range<Int>]) {
        let glyphs = run.glyphs
        let n = glyphs.count
        let lower = run.range.lowerBound
        var ranges = [Range<Int>](repeating: 0..<0, count: n)
        var pool: [UInt16] = []
        pool.reserveCapacity(run.utf16.count + 8)
        var i = 0
        var first = true
        // Reused for every cluster (one run has dozens).
        var scalars: [Range<Int>] = []
        var members: [Int] = []
        while i < n {
            let cluster = glyphs[order[i]].cluster
            var j = i
            while j < n, glyphs[order[j]].cluster == cluster { j += 1 }
            // The cluster's characters: up to the next cluster (the run's end, hyphen included, for
            // the last); the first cluster also takes characters before it (none in practice).
            let start = first ? 0 : max(0, min(cluster - lower, run.utf16.count))
            let end = j < n ? max(start, min(glyphs[order[j]].cluster - lower, run.utf16.count)) : run.utf16.count
            first = false
            // One glyph takes all the cluster's characters (U+200D if it has none), as the
            // sharing-out below would give it.
            if j - i == 1 {
                let from = pool.count
                if start < end { pool.append(contentsOf: run.utf16[start..<end]) } else { pool.append(noCharacter) }
                ranges[order[i]] = from..<pool.count
                i = j
                continue
            }
            // Scalars as UTF-16 slices, so a surrogate pair is never split.
            scalars.removeAll(keepingCapacity: true)
            var u = start
            while u < end {
                let step = UTF16.isLeadSurrogate(run.utf16[u]) && u + 1 < end && UTF16.isTrailSurrogate(run.utf16[u + 1]) ? 2 : 1
                scalars.append(u..<(u + step))
                u += step
            }
            // Glyphs of the cluster in stream order: a right-to-left run is drawn last glyph first.
            members.removeAll(keepingCapacity: true)
            members.append(contentsOf: order[i..<j])
            if run.isRightToLeft, members.count > 1 { members.sort(by: >) }
            let m = members.count
            let s = scalars.count
            for (k, g) in members.enumerated() {
                let from = pool.count
                // Glyph k takes scalars [k·s/m, (k+1)·s/m): one each when s == m, the rest on
                // later glyphs when s > m, none for some when s < m.
                let lo = k * s / m
                let hi = (k + 1) * s / m
                if lo < hi {
                    for r in scalars[lo..<hi] { pool.append(contentsOf: run.utf16[r]) }
                } else {
                    pool.append(noCharacter)
                }
                ranges[g] = from..<pool.count
            }
            i = j
        }
        return (pool, ranges)
    }
}
