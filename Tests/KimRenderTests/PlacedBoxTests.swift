import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimLayout
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
}
