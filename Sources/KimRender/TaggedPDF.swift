internal import CQPDF
public import Foundation
import KimCore

/// The finishing step of every PDF: what Cairo 1.16 cannot write into a tagged PDF.
///
/// Cairo writes the structure tree (elements, marked content, the parent tree, link annotations
/// and `/MarkInfo`) but has no way to give an element a language or an alternative text, nor the
/// catalog a language or viewer preferences. This step adds:
/// - `/Lang` on the catalog (the document's BCP 47 tag) and on every element whose language
///   differs from its parent's (the German labels of a bilingual form, a German line in an
///   Arabic flyer);
/// - `/Alt` on figures (the logo, the QR code: where it leads);
/// - `/ActualText` on text elements whose content stream does not read in logical order
///   (right-to-left text, lines broken at spaces; see `StructureWriter.paragraph`);
/// - `/ViewerPreferences << /DisplayDocTitle true >>`, so viewers show the translated title
///   (`/Title`, set by Cairo) instead of the file name;
/// - `/Contents` (the target) on link annotations and `/Tabs /S` on pages with annotations,
///   as PDF/UA asks.
///
/// Why qpdf (libqpdf, Debian's `libqpdf-dev`): it is a maintained PDF library that reads and
/// writes any valid PDF, in memory (so a filled form never touches the disk unfinished), and its
/// C API is enough for these few changes. The alternative, an incremental update written by
/// kimdoc itself, would need its own PDF parser for Cairo's output and break silently when
/// Cairo's output changes. qpdf also packs the structure tree into compressed object streams,
/// which makes the files smaller than Cairo's.
///
/// Cairo's elements are matched with kimdoc's by order: both trees are walked in document order
/// and every element's type must agree, or the step fails rather than tag the wrong element.
enum TaggedPDF {
    static func finish(_ pdf: Data, structure: [StructureRecord], info: DocumentInfo, name: String) throws -> Data {
        guard let q = qpdf_init() else { throw RenderError("qpdf cannot start to finish \(name).") }
        defer {
            var handle: qpdf_data? = q
            qpdf_cleanup(&handle)
        }
        qpdf_set_suppress_warnings(q, QPDF_TRUE)
        qpdf_silence_errors(q)
        func check(_ code: QPDF_ERROR_CODE, _ what: String) throws {
            guard code & QPDF_ERRORS != 0 || qpdf_has_error(q) != QPDF_FALSE else { return }
            let message = qpdf_get_error(q).flatMap { qpdf_get_error_full_text(q, $0) }.map { String(cString: $0) } ?? "unknown error"
            throw RenderError("qpdf cannot \(what) \(name): \(message)")
        }
        try check(
            pdf.withUnsafeBytes { raw in
                raw.withMemoryRebound(to: CChar.self) { qpdf_read_memory(q, name, $0.baseAddress, UInt64($0.count), nil) }
            }, "read")

        let root = qpdf_get_root(q)
        qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, info.language.tag))
        qpdf_oh_replace_key(q, root, "/ViewerPreferences", qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"))
        qpdf_oh_replace_key(q, root, "/MarkInfo", qpdf_oh_parse(q, "<< /Marked true >>"))

        // The structure tree: Cairo's elements in document order against ours.
        let tree = qpdf_oh_get_key(q, root, "/StructTreeRoot")
        var next = 0
        func visit(_ oh: qpdf_oh, parentLanguage: Language) throws {
            if qpdf_oh_is_array(q, oh) != QPDF_FALSE {
                for i in 0..<qpdf_oh_get_array_n_items(q, oh) { try visit(qpdf_oh_get_array_item(q, oh, i), parentLanguage: parentLanguage) }
                return
            }
            // Marked-content references (numbers, /MCR, /OBJR) have no /S.
            guard qpdf_oh_is_dictionary(q, oh) != QPDF_FALSE, qpdf_oh_has_key(q, oh, "/S") != QPDF_FALSE else { return }
            let type = String(cString: qpdf_oh_get_name(q, qpdf_oh_get_key(q, oh, "/S"))).dropFirst()
            guard next < structure.count, structure[next].role.rawValue == type else {
                let expected = next < structure.count ? structure[next].role.rawValue : "nothing"
                throw RenderError("The structure tree of \(name) does not match what was drawn: element \(next + 1) is \(type), expected \(expected).")
            }
            let record = structure[next]
            next += 1
            let language = record.language ?? parentLanguage
            if language != parentLanguage { qpdf_oh_replace_key(q, oh, "/Lang", qpdf_oh_new_unicode_string(q, language.tag)) }
            if let alt = record.alternativeText { qpdf_oh_replace_key(q, oh, "/Alt", qpdf_oh_new_unicode_string(q, alt)) }
            if let text = record.actualText { qpdf_oh_replace_key(q, oh, "/ActualText", qpdf_oh_new_unicode_string(q, text)) }
            try visit(qpdf_oh_get_key(q, oh, "/K"), parentLanguage: language)
        }
        if qpdf_oh_is_dictionary(q, tree) != QPDF_FALSE {
            try visit(qpdf_oh_get_key(q, tree, "/K"), parentLanguage: info.language)
        }
        guard next == structure.count else {
            throw RenderError("The structure tree of \(name) has \(next) elements, \(structure.count) were drawn.")
        }

        // Link annotations say where they lead; pages with annotations order them by structure.
        for i in 0..<max(qpdf_get_num_pages(q), 0) {
            let page = qpdf_get_page_n(q, Int(i))
            let annotations = qpdf_oh_get_key(q, page, "/Annots")
            guard qpdf_oh_is_array(q, annotations) != QPDF_FALSE, qpdf_oh_get_array_n_items(q, annotations) > 0 else { continue }
            qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"))
            for k in 0..<qpdf_oh_get_array_n_items(q, annotations) {
                let a = qpdf_oh_get_array_item(q, annotations, k)
                let uri = qpdf_oh_get_key(q, qpdf_oh_get_key(q, a, "/A"), "/URI")
                guard qpdf_oh_is_string(q, uri) != QPDF_FALSE, qpdf_oh_has_key(q, a, "/Contents") == QPDF_FALSE else { continue }
                let target = String(cString: qpdf_oh_get_utf8_value(q, uri))
                qpdf_oh_replace_key(q, a, "/Contents", qpdf_oh_new_unicode_string(q, target))
            }
        }
        try check(QPDF_SUCCESS, "change")

        try check(qpdf_init_write_memory(q), "prepare to write")
        qpdf_set_object_stream_mode(q, qpdf_o_generate)
        // Cairo's streams are already compressed: copied as they are, not decoded and compressed
        // again.
        qpdf_set_decode_level(q, qpdf_dl_none)
        // The same input gives the same file (reproducible builds, SOURCE_DATE_EPOCH).
        qpdf_set_deterministic_ID(q, QPDF_TRUE)
        try check(qpdf_write(q), "write")
        let length = qpdf_get_buffer_length(q)
        guard let buffer = qpdf_get_buffer(q) else { throw RenderError("qpdf wrote nothing for \(name).") }
        return Data(bytes: buffer, count: length)
    }
}

/// Reading PDFs back, for the benchmark's page counts.
public enum PDFInfo {
    /// The number of pages of a PDF file, or nil if qpdf cannot read it.
    public static func pageCount(of url: URL) -> Int? {
        guard let q = qpdf_init() else { return nil }
        defer {
            var handle: qpdf_data? = q
            qpdf_cleanup(&handle)
        }
        qpdf_set_suppress_warnings(q, QPDF_TRUE)
        qpdf_silence_errors(q)
        guard qpdf_read(q, url.path, nil) & QPDF_ERRORS == 0 else { return nil }
        let n = qpdf_get_num_pages(q)
        return n >= 0 ? Int(n) : nil
    }
}
