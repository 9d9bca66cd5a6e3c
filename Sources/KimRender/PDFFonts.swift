internal import CHarfBuzz
import KimText
import Synchronization

/// The fonts of one PDF: which glyphs of each font are drawn and what text each stands for, then
/// each font embedded as a subset (HarfBuzz's subsetter) with its widths and ToUnicode map.
///
/// Every font is a Type 0 font with Identity-H encoding over a CID font whose CIDs are the font's
/// glyph IDs (the subset keeps glyph IDs, `HB_SUBSET_FLAGS_RETAIN_GIDS`), so content streams name
/// glyphs by the IDs HarfBuzz gave them and nothing is renumbered.
///
/// Every glyph drawn has a ToUnicode entry with its logical text (`TextClusters.logicalText`), so
/// readers that take text from ToUnicode alone (MuPDF up to 1.23, pdfminer.six) never meet an
/// unmapped glyph. A glyph that stands for different texts in different places (one glyph for
/// U+0647 and U+06D5, the space glyph for a space and for U+200C) gets one ToUnicode map per
/// text: the second text is in an alias font, a second Type 0 font over the same CID font with
/// its own ToUnicode, the third in another, and so on; the content stream switches to the alias
/// for that glyph. No font program or width is written twice.
final class PDFFonts {
    final class Entry {
        let font: Font
        /// Resource name, `F0`, `F1`, …
        let resource: String
        /// The Type 0 font object.
        let object: Int
        /// By glyph ID, the texts (UTF-16) it stands for, in the order first drawn: text k is in
        /// the ToUnicode map of alias k (0: the font itself); empty for a glyph not drawn. An
        /// array, not a dictionary: every glyph drawn looks itself up.
        private var textsByGlyph: [[[UInt16]]] = []
        /// The glyphs drawn, ascending.
        var glyphs: [UInt16] { textsByGlyph.indices.filter { !textsByGlyph[$0].isEmpty }.map { UInt16(truncatingIfNeeded: $0) } }
        /// How many ToUnicode maps (the font and its aliases) the glyphs need.
        private(set) var aliasCount = 1
        /// The Type 0 font objects of aliases 1…, set when the fonts are written.
        var aliasObjects: [Int] = []
        /// Advance widths in thousandths of an em by glyph ID, NaN where not yet asked (an array:
        /// every glyph drawn asks, and a dictionary's hashing cost more than HarfBuzz's answer).
        private var widths: [Double] = []
        let unitsToThousandths: Double

        init(font: Font, resource: String, object: Int) {
            self.font = font
            self.resource = resource
            self.object = object
            unitsToThousandths = 1000 / Double(font.unitsPerEm)
        }

        /// The width PDF viewers advance by after the glyph, in thousandths of the font size.
        func width(_ glyph: UInt16) -> Double {
            let i = Int(glyph)
            if i < widths.count, !widths[i].isNaN { return widths[i] }
            let w = Double(hb_font_get_glyph_h_advance(font.hbFont, hb_codepoint_t(glyph))) * unitsToThousandths
            if i >= widths.count { widths += repeatElement(.nan, count: i + 1 - widths.count) }
            widths[i] = w
            return w
        }

        /// Records that `glyph` is drawn standing for `units` (never empty); returns the alias
        /// whose ToUnicode map says so.
        func alias(_ glyph: UInt16, standingFor units: ArraySlice<UInt16>) -> Int {
            let i = Int(glyph)
            if i >= textsByGlyph.count { textsByGlyph += repeatElement([], count: i + 1 - textsByGlyph.count) }
            let known = textsByGlyph[i]
            if let k = known.firstIndex(where: { $0.elementsEqual(units) }) { return k }
            textsByGlyph[i].append(Array(units))
            aliasCount = max(aliasCount, known.count + 1)
            return known.count
        }

        /// The resource name of alias `k`: `F0`, `F0a1`, `F0a2`, …
        func resource(alias k: Int) -> String { k == 0 ? resource : "\(resource)a\(k)" }

        /// The ToUnicode map of alias `k`: the glyphs with a k-th text.
        func textMap(alias k: Int) -> [UInt16: [UInt16]] {
            var map: [UInt16: [UInt16]] = [:]
            for (glyph, list) in textsByGlyph.enumerated() where k < list.count { map[UInt16(truncatingIfNeeded: glyph)] = list[k] }
            return map
        }
    }

    private(set) var entries: [Entry] = []
    private var byFont: [Font: Entry] = [:]

    /// The entry of `font`, made on its first use in the document.
    func entry(_ font: Font, in file: PDFFile) -> Entry {
        if let e = byFont[font] { return e }
        let e = Entry(font: font, resource: "F\(entries.count)", object: file.reserve())
        entries.append(e)
        byFont[font] = e
        return e
    }

    /// Writes every font used: subset program, descriptor, CID font, ToUnicode, Type 0 font.
    func write(into file: PDFFile, name: String) throws {
        for e in entries {
            let face = hb_font_get_face(e.font.hbFont)
            let glyphs = e.glyphs
            let program = try Self.subset(Self.subsetFace(e.font), glyphs: glyphs, name: "\(e.font.file) for \(name)")
            let isCFF = Self.hasTable(face, "CFF ")
            var programDictionary = PDFBytes()
            if isCFF { programDictionary.add("/Subtype /OpenType") }
            let programObject = try file.addCompressedStream(dictionary: programDictionary, data: program)

            let baseName = Self.subsetTag(glyphs, font: e.font) + "+" + Self.postScriptName(face, font: e.font)
            let scale = e.unitsToThousandths
            var d = PDFBytes(capacity: 256)
            d.add("<< /Type /FontDescriptor /FontName ")
            d.name(baseName)
            d.add(" /Flags 4 /FontBBox [")
            let box = Self.boundingBox(face)
            for (k, v) in box.enumerated() {
                if k > 0 { d.space() }
                d.number(Double(v) * scale)
            }
            d.add("] /ItalicAngle 0 /Ascent ")
            d.number(Double(e.font.ascender) * scale)
            d.add(" /Descent ")
            d.number(-Double(e.font.descender) * scale)
            var capHeight: hb_position_t = 0
            if hb_ot_metrics_get_position(e.font.hbFont, HB_OT_METRICS_TAG_CAP_HEIGHT, &capHeight) == 0 { capHeight = hb_position_t(e.font.ascender) }
            d.add(" /CapHeight ")
            d.number(Double(capHeight) * scale)
            d.add(e.font.weight == .bold ? " /StemV 140 " : " /StemV 80 ")
            d.add(isCFF ? "/FontFile3 " : "/FontFile2 ")
            d.ref(programObject)
            d.add(" >>")
            let descriptor = file.add(d)

            var c = PDFBytes(capacity: 64 + glyphs.count * 8)
            c.add(isCFF ? "<< /Type /Font /Subtype /CIDFontType0 /BaseFont " : "<< /Type /Font /Subtype /CIDFontType2 /BaseFont ")
            c.name(baseName)
            c.add(" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ")
            c.ref(descriptor)
            if !isCFF { c.add(" /CIDToGIDMap /Identity") }
            c.add(" /W [")
            // Runs of consecutive glyph IDs share one array: `first [w1 w2 …]`.
            var i = 0
            while i < glyphs.count {
                var j = i + 1
                while j < glyphs.count, glyphs[j] == glyphs[j - 1] + 1 { j += 1 }
                c.int(Int(glyphs[i]))
                c.add(" [")
                for k in i..<j {
                    if k > i { c.space() }
                    c.number(e.width(glyphs[k]))
                }
                c.add("] ")
                i = j
            }
            c.add("] >>")
            let cidFont = file.add(c)

            e.aliasObjects = []
            for k in 0..<e.aliasCount {
                let toUnicode = try file.addCompressedStream(data: Self.toUnicode(e.textMap(alias: k)))
                var t = PDFBytes(capacity: 160)
                t.add("<< /Type /Font /Subtype /Type0 /BaseFont ")
                t.name(baseName)
                t.add(" /Encoding /Identity-H /DescendantFonts [")
                t.ref(cidFont)
                t.add("] /ToUnicode ")
                t.ref(toUnicode)
                t.add(" >>")
                if k == 0 {
                    file.set(e.object, t)
                } else {
                    e.aliasObjects.append(file.add(t))
                }
            }
        }
    }

    /// Each font's face prepared for subsetting (`hb_subset_preprocess`: the tables' lookup
    /// structures the subsetter needs, built once), made on the font's third subset and kept for
    /// the life of the process: a font is subset again for every document, and the plan's set-up
    /// was most of the subsetting's cost (HarfBuzz documents that a preprocessed face gives the
    /// same subset). One entry per font face of the index, so bounded.
    private static let prepared = Mutex<[Font: PreparedFace]>([:])
    /// How often each font was subset before it is prepared: preparing costs about as much as a
    /// few dozen subsets (120M instructions for Noto Sans) and keeps some 2 MiB per font, so only
    /// a long-running process prepares, a font at its third subset (`preparesFonts`).
    private static let uses = Mutex<[Font: Int]>([:])
    static let prepareAfter = 2
    private static let preparing = Atomic<Bool>(false)
    /// Whether fonts are prepared for subsetting (see `prepared`); off by default, so that a
    /// command, even a batch of 10,000 forms, keeps its memory (a 100-form batch: 46 MiB, 55 MiB
    /// prepared, in the same time). `kimdoc serve` turns it on.
    package static var preparesFonts: Bool {
        get { preparing.load(ordering: .relaxed) }
        set { preparing.store(newValue, ordering: .relaxed) }
    }

    private final class PreparedFace: @unchecked Sendable {
        let face: OpaquePointer
        init(_ face: OpaquePointer) { self.face = face }
        deinit { hb_face_destroy(face) }
    }

    static func subsetFace(_ font: Font) -> OpaquePointer? {
        guard preparesFonts else { return hb_font_get_face(font.hbFont) }
        if let p = prepared.withLock({ $0[font] }) { return p.face }
        let n = uses.withLock { table -> Int in
            table[font, default: 0] += 1
            return table[font, default: 0]
        }
        if n <= prepareAfter { return hb_font_get_face(font.hbFont) }
        // Made outside the lock (it reads the whole font); if another thread was quicker, its
        // face is kept and this one freed.
        guard let made = hb_subset_preprocess(hb_font_get_face(font.hbFont)) else { return hb_font_get_face(font.hbFont) }
        let fresh = PreparedFace(made)
        return prepared.withLock { table in
            if let other = table[font] { return other.face }
            table[font] = fresh
            return fresh.face
        }
    }

    /// The font program with only `glyphs` (and .notdef), glyph IDs kept; hinting and the layout
    /// tables, which a PDF never uses, left out.
    static func subset(_ face: OpaquePointer?, glyphs: [UInt16], name: String) throws -> [UInt8] {
        guard let input = hb_subset_input_create_or_fail() else { throw RenderError("HarfBuzz cannot subset \(name).") }
        defer { hb_subset_input_destroy(input) }
        let set = hb_subset_input_glyph_set(input)
        for g in glyphs { hb_set_add(set, hb_codepoint_t(g)) }
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS.rawValue | HB_SUBSET_FLAGS_NO_HINTING.rawValue)
        let drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "morx", "mort", "kerx", "STAT", "fvar", "gvar", "avar", "HVAR", "VVAR", "MVAR", "DSIG", "meta", "vhea", "vmtx", "VORG", "COLR", "CPAL", "SVG "] {
            hb_set_add(drop, tag4(tag))
        }
        guard let subset = hb_subset_or_fail(face, input) else { throw RenderError("HarfBuzz cannot subset \(name).") }
        defer { hb_face_destroy(subset) }
        guard let blob = hb_face_reference_blob(subset) else { throw RenderError("HarfBuzz cannot write the subset of \(name).") }
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(blob, &length), length > 0 else { throw RenderError("HarfBuzz wrote an empty subset of \(name).") }
        return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
    }

    static func tag4(_ s: String) -> hb_tag_t {
        s.utf8.reduce(0) { $0 << 8 | hb_tag_t($1) }
    }

    static func hasTable(_ face: OpaquePointer?, _ tag: String) -> Bool {
        guard let blob = hb_face_reference_table(face, tag4(tag)) else { return false }
        defer { hb_blob_destroy(blob) }
        return hb_blob_get_length(blob) > 0
    }

    /// xMin, yMin, xMax, yMax from the `head` table, in font units.
    static func boundingBox(_ face: OpaquePointer?) -> [Int] {
        guard let blob = hb_face_reference_table(face, tag4("head")) else { return [0, 0, 0, 0] }
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(blob, &length), length >= 44 else { return [0, 0, 0, 0] }
        return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { p in
            (0..<4).map { Int(Int16(bitPattern: UInt16(p[36 + 2 * $0]) << 8 | UInt16(p[37 + 2 * $0]))) }
        }
    }

    /// The font's PostScript name (name ID 6), else its family without spaces.
    static func postScriptName(_ face: OpaquePointer?, font: Font) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        var length = UInt32(buffer.count)
        let n = hb_ot_name_get_utf8(face, hb_ot_name_id_t(HB_OT_NAME_ID_POSTSCRIPT_NAME), hb_language_get_default(), &length, &buffer)
        let name = n > 0 ? String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let clean = name.filter { $0.isASCII && !$0.isWhitespace && !"()<>[]{}/%#".contains($0) }
        return clean.isEmpty ? font.family.filter { $0.isASCII && ($0.isLetter || $0.isNumber) } : clean
    }

    /// Six capital letters from the glyph set, the subset's tag (ISO 32000-1 9.6.4).
    static func subsetTag(_ glyphs: [UInt16], font: Font) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in font.file.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        for g in glyphs { h = (h ^ UInt64(g)) &* 0x0000_0100_0000_01B3 }
        var tag = ""
        for _ in 0..<6 {
            tag.unicodeScalars.append(Unicode.Scalar(UInt8(65 + h % 26)))
            h /= 26
        }
        return tag
    }

    /// The ToUnicode CMap: glyph ID → text.
    static func toUnicode(_ text: [UInt16: [UInt16]]) -> [UInt8] {
        var out = PDFBytes(capacity: 400 + text.count * 16)
        out.add("""
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """)
        let mapped = text.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
        for start in stride(from: 0, to: mapped.count, by: 100) {
            let chunk = mapped[start..<min(start + 100, mapped.count)]
            out.int(chunk.count)
            out.add(" beginbfchar\n")
            for (glyph, units) in chunk {
                out.byte(UInt8(ascii: "<"))
                out.hex16(glyph)
                out.add("> <")
                for u in units { out.hex16(u) }
                out.add(">\n")
            }
            out.add("endbfchar\n")
        }
        out.add("""
            endcmap
            CMapName currentdict /CMap defineresource pop
            end
            end

            """)
        return out.bytes
    }
}
