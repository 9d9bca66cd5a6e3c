import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimLayout
import CCairo
import KimRender
import KimTestSupport
import Testing

@Suite("Where each unit's box is (the translators' preview)")
struct PlacedBoxTests {
    func job(_ build: DocumentBuild, _ template: String, _ language: String) throws -> DocumentBuild.Job {
        var o = DocumentBuild.Options()
        o.templates = [template]
        o.offices = ["musterstadt"]
        o.languages = [Language(language)]
        return try #require(try build.jobs(o).first)
    }

    @Test("every text unit of a flyer's flows is in a box inside its frame on its page; a list item holds only its own unit", arguments: ["kim-flyer-a4", "kim-flyer-trifold"])
    func boxes(template: String) throws {
        let build = try DocumentBuild(root: repositoryRoot)
        let catalogs = try build.project.catalogs()
        let doc = try build.layOut(try job(build, template, "ar"), catalogs: catalogs, options: DocumentLayout.Options())
        #expect(!doc.boxes.isEmpty)
        for b in doc.boxes where !b.overflowing {
            #expect(doc.pages.indices.contains(b.page))
            #expect(b.x >= b.frame.x - 0.01 && b.x + b.width <= b.frame.x + b.frame.width + 0.01, "\(b.block)")
            #expect(b.y >= b.frame.y - 0.01 && b.y + b.height <= b.frame.y + b.frame.height + 0.5, "\(b.block)")
        }
        let inBoxes = Set(doc.boxes.flatMap(\.units))
        // Every unit the layout looked up is in a box, but the title (document metadata) and the draft line.
        let template = try #require(build.templates.first { $0.id == template })
        let outside = Set([template.title.id] + (template.draftNotice.map { [$0.id] } ?? []))
        #expect(Set(doc.units).subtracting(outside).subtracting(inBoxes).isEmpty, "\(Set(doc.units).subtracting(outside).subtracting(inBoxes))")
        for b in doc.boxes where b.block.contains("#") { #expect(b.units.count == 1, "\(b.block): \(b.units)") }
    }

    @Test("a text too long for its box: the box is listed as overflowing, below the frame's end, with its items; the preview's region shows it")
    func overflow() throws {
        let build = try DocumentBuild(root: repositoryRoot)
        let catalogs = try build.project.catalogs()
        let entry = try #require(build.project.targetLanguages.first { $0.tag == Language("ar") })
        // Longer than the column it moves to: its own box overflows.
        let long = String(repeating: "نص طويل جدا لا يتسع في المربع ", count: 150) + "{district}"
        let p = try build.preview(long, unit: "flyer.audience.text", language: entry, office: "musterstadt", catalogs: catalogs)
        let over = try #require(p.unitOverflow)
        #expect(over > 10)
        #expect(p.page == 1 && p.region != nil && p.pages.count == 1)
        #expect(p.overflows.map(\.block).contains("flyer.audience.text"))
        // Long enough to push the blocks after it out, but fitting in the next column itself:
        // its box fits, the others are named.
        let pushing = try build.preview(
            String(repeating: "نص طويل جدا لا يتسع في المربع ", count: 60) + "{district}", unit: "flyer.audience.text", language: entry, office: "musterstadt",
            catalogs: catalogs)
        #expect(pushing.unitOverflow == nil && !pushing.overflows.isEmpty)
        let fits = try build.preview("لجميع المهاجرين في {district}.", unit: "flyer.audience.text", language: entry, office: "musterstadt", catalogs: catalogs)
        #expect(fits.unitOverflow == nil && fits.overflows.isEmpty)
    }

    /// A PNG's pixels as RGB (through Cairo, which wrote it).
    struct Pixels {
        let width: Int, height: Int
        let rgb: [(r: Int, g: Int, b: Int)]

        init(_ png: Data) throws {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-pixels-\(UUID().uuidString).png")
            try png.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let surface = try #require(cairo_image_surface_create_from_png(file.path))
            defer { cairo_surface_destroy(surface) }
            try #require(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS)
            cairo_surface_flush(surface)
            width = Int(cairo_image_surface_get_width(surface))
            height = Int(cairo_image_surface_get_height(surface))
            let stride = Int(cairo_image_surface_get_stride(surface))
            let data = try #require(cairo_image_surface_get_data(surface))
            var out: [(Int, Int, Int)] = []
            out.reserveCapacity(width * height)
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * stride)
                for x in 0..<width {
                    let p = row.load(fromByteOffset: 4 * x, as: UInt32.self)
                    out.append((Int((p >> 16) & 0xFF), Int((p >> 8) & 0xFF), Int(p & 0xFF)))
                }
            }
            rgb = out
        }

        /// Pixels of the preview's outline blue (0.11, 0.31, 0.85).
        var blue: Int { rgb.filter { $0.b > 180 && $0.r < 90 && $0.g < 120 }.count }
    }

    @Test("a form's boxes: every unit of its sections and header is in a box inside the page's content area; a form unit's preview is the region around its box with the box outlined")
    func form() throws {
        let build = try DocumentBuild(root: repositoryRoot)
        let catalogs = try build.project.catalogs()
        let doc = try build.layOut(try job(build, "eat", "ar"), catalogs: catalogs, options: DocumentLayout.Options())
        #expect(doc.pages.count > 1)
        for b in doc.boxes {
            #expect(doc.pages.indices.contains(b.page) && !b.overflowing)
            #expect(b.x >= b.frame.x - 0.01 && b.x + b.width <= b.frame.x + b.frame.width + 0.01, "\(b.block)")
            #expect(b.y >= b.frame.y - 0.01 && b.y + b.height <= b.frame.y + b.frame.height + 0.01, "\(b.block)")
        }
        // Every unit but the footer's page number and the draft line is in a box; boxes reach the last page.
        let form = try #require(build.forms.first { $0.id == "eat" })
        let outside = Set([form.pageNumber.id] + (form.draftNotice.map { [$0.id] } ?? []))
        let inBoxes = Set(doc.boxes.flatMap(\.units))
        #expect(Set(doc.units).subtracting(outside).subtracting(inBoxes).isEmpty, "\(Set(doc.units).subtracting(outside).subtracting(inBoxes))")
        #expect(doc.boxes.map(\.page).max() == doc.pages.count - 1)
        let surname = try #require(doc.boxes.first { $0.units.contains("eat.applicant.surname") })

        let entry = try #require(build.project.targetLanguages.first { $0.tag == Language("ar") })
        let p = try build.preview("اسم العائلة", unit: "eat.applicant.surname", language: entry, office: "musterstadt", catalogs: catalogs)
        #expect(p.document == "eat" && p.page == surname.page + 1 && p.pages.count == 1 && p.unitOverflow == nil)
        // The A4 page at 110 dpi is 909 × 1286 pixels; the region is the content width (180 mm)
        // plus 4 mm each side, 188 mm ≈ 815 px, and the box's height plus 12 mm above and below.
        let region = try Pixels(try #require(p.region))
        #expect((812...817).contains(region.width), "\(region.width)")
        let expectedHeight = Int(((surname.height + Units.points(mm: 24)) * 110 / 72).rounded(.up))
        #expect(abs(region.height - expectedHeight) <= 1, "\(region.height) vs \(expectedHeight)")
        #expect(region.height < 400)
        // The outline (blue, 1.2 pt at 110 dpi: about 2 px) runs around the box: at least its two
        // long sides' worth of blue pixels; the page itself has no such blue.
        #expect(region.blue > 2 * 700, "\(region.blue)")
        #expect(try Pixels(try CairoRenderer().png(doc.pages[surname.page], dpi: 110)).blue == 0)
        // The thumbnail is the whole page, upright.
        let thumb = try Pixels(try #require(p.pages.first))
        #expect(thumb.width < thumb.height && thumb.width < region.width)
    }

    @Test("a guide's boxes: every unit but the running header, page number and draft line is in a box inside its column or the first page's content; an offer's preview is its column around its box, on the offer's page", arguments: ["de", "ar"])
    func guide(language: String) throws {
        let build = try DocumentBuild(root: repositoryRoot)
        let catalogs = try build.project.catalogs()
        let guide = try #require(build.directoryTemplates.first)
        let doc = try build.layOut(try job(build, guide.id, language), catalogs: catalogs, options: DocumentLayout.Options())
        let pageWidth = Units.points(mm: 210), pageHeight = Units.points(mm: 297)
        for b in doc.boxes {
            #expect(doc.pages.indices.contains(b.page) && !b.overflowing, "\(b.block)")
            #expect(b.frame.x >= guide.margins - 0.01 && b.frame.x + b.frame.width <= pageWidth - guide.margins + 0.01, "\(b.block)")
            #expect(b.x >= b.frame.x - 0.01 && b.x + b.width <= b.frame.x + b.frame.width + 0.01, "\(b.block)")
            #expect(b.y >= b.frame.y - 0.01 && b.y + b.height <= b.frame.y + b.frame.height + 0.01 && b.frame.y + b.frame.height <= pageHeight, "\(b.block)")
        }
        let outside = Set([guide.texts.runningHeader.id, guide.texts.pageNumber.id] + (guide.draftNotice.map { [$0.id] } ?? []))
        let inBoxes = Set(doc.boxes.flatMap(\.units))
        #expect(Set(doc.units).subtracting(outside).subtracting(inBoxes).isEmpty, "\(Set(doc.units).subtracting(outside).subtracting(inBoxes))")
        // Columns: the first on the start side (right in Arabic).
        let offer = try #require(doc.boxes.first { $0.units.contains("offer.musterstadt.sprachcafe.description") })
        #expect(offer.width == guide.columnWidth)
        let firstCategory = try #require(doc.boxes.first { $0.block.hasPrefix("category:") })
        let startSide = language == "ar" ? guide.margins + guide.columnWidth + guide.gap : guide.margins
        #expect(abs(firstCategory.frame.x - startSide) < 0.01 && firstCategory.x == firstCategory.frame.x, "\(firstCategory.frame.x)")
        #expect(Set(doc.boxes.filter { $0.page == firstCategory.page }.map { ($0.frame.x * 100).rounded() }).count == 2)

        guard language == "ar" else { return }
        let entry = try #require(build.project.targetLanguages.first { $0.tag == Language("ar") })
        let p = try build.preview("مقهى اللغة", unit: "offer.musterstadt.sprachcafe.description", language: entry, office: nil, catalogs: catalogs)
        #expect(p.document == guide.id && p.office == "musterstadt" && p.page == offer.page + 1 && p.unitOverflow == nil)
        // The column's width plus 4 mm each side at 110 dpi.
        let region = try Pixels(try #require(p.region))
        let expectedWidth = Int(((guide.columnWidth + Units.points(mm: 8)) * 110 / 72).rounded(.up))
        #expect(abs(region.width - expectedWidth) <= 1, "\(region.width) vs \(expectedWidth)")
        #expect(region.width < 909 * 2 / 3 && region.height < 1286 / 2, "\(region.height)")
        #expect(region.blue > 2 * Int(guide.columnWidth * 110 / 72) - 50, "\(region.blue)")
    }

    @Test("previews reuse the paragraphs laid out before (one cache per template): the same text gives the same region and page, byte for byte, as from a fresh build, also after other texts and an overflow")
    func previewCache() throws {
        let catalogs = try DocumentBuild(root: repositoryRoot).project.catalogs()
        let warm = try DocumentBuild(root: repositoryRoot)
        let entry = try #require(warm.project.targetLanguages.first { $0.tag == Language("ar") })
        let text = "لجميع المهاجرين في {district}."
        let first = try warm.preview(text, unit: "flyer.audience.text", language: entry, office: "musterstadt", catalogs: catalogs)
        _ = try warm.preview(String(repeating: "نص طويل جدا لا يتسع في المربع ", count: 150) + "{district}", unit: "flyer.audience.text", language: entry, office: "musterstadt", catalogs: catalogs)
        _ = try warm.preview("نص آخر في {district}", unit: "flyer.audience.text", language: entry, office: "musterstadt", catalogs: catalogs)
        let again = try warm.preview(text, unit: "flyer.audience.text", language: entry, office: "musterstadt", catalogs: catalogs)
        let cold = try DocumentBuild(root: repositoryRoot).preview(text, unit: "flyer.audience.text", language: entry, office: "musterstadt", catalogs: catalogs)
        let region = try #require(first.region)
        #expect(again.region == region && cold.region == region)
        #expect(again.pages == first.pages && cold.pages == first.pages && !first.pages.isEmpty)
        // A guide too (its paragraphs go through the same cache).
        let offer = "offer.musterstadt.sprachcafe.description"
        let guideFirst = try warm.preview("مقهى اللغة", unit: offer, language: entry, office: nil, catalogs: catalogs)
        _ = try warm.preview("مقهى آخر", unit: offer, language: entry, office: nil, catalogs: catalogs)
        let guideAgain = try warm.preview("مقهى اللغة", unit: offer, language: entry, office: nil, catalogs: catalogs)
        let guideCold = try DocumentBuild(root: repositoryRoot).preview("مقهى اللغة", unit: offer, language: entry, office: nil, catalogs: catalogs)
        #expect(guideFirst.region != nil && guideAgain.region == guideFirst.region && guideCold.region == guideFirst.region)
        #expect(guideAgain.pages == guideFirst.pages && guideCold.pages == guideFirst.pages)
    }

    @Test("a region is drawn as that part of the whole page, pixel for pixel, though lines outside it are left out", arguments: ["kim-flyer-a4", "eat"])
    func regionIsPartOfPage(document: String) throws {
        let build = try DocumentBuild(root: repositoryRoot)
        let doc = try build.layOut(try job(build, document, "ar"), catalogs: try build.project.catalogs(), options: DocumentLayout.Options())
        let page = try #require(doc.pages.first)
        // At 72 dpi a point is a pixel, so a region at whole points lines up with the page's pixels.
        let whole = try Pixels(try CairoRenderer().png(page, dpi: 72))
        // Around boxes of text on the page, and cutting through their lines (half a box down, a third across).
        let boxes = doc.boxes.filter { $0.page == 0 && $0.height > 10 }.prefix(3)
        #expect(boxes.count == 3)
        let areas = boxes.flatMap { b in
            [(Int(b.x), Int(b.y), Int(b.width), Int(min(b.height, 150)), true), (Int(b.x + b.width / 3), Int(b.y + b.height / 2), Int(b.width / 2), 40, false)]
        }
        for (x, y, w, h, wholeBox) in areas {
            let part = try Pixels(try CairoRenderer().png(page, dpi: 72, region: (Double(x), Double(y), Double(w), Double(h))))
            #expect(part.width == w && part.height == h)
            var differing = 0
            for j in 0..<h {
                for i in 0..<w where part.rgb[j * w + i] != whole.rgb[(y + j) * whole.width + x + i] { differing += 1 }
            }
            #expect(differing == 0, "\(document) (\(x), \(y)): \(differing) pixels differ")
            if wholeBox { #expect(part.rgb.contains { $0.r < 250 || $0.g < 250 || $0.b < 250 }, "the box's region is drawn") }
        }
    }
}
