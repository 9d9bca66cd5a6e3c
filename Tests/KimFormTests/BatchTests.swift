import Foundation
import KimForm
import KimTestSupport
import Testing

/// Runs kimdoc with a private temporary folder.
func kimdoc(_ arguments: [String], tmp: URL) throws -> (status: Int32, out: String, err: String) {
    let r = try runKimdoc(arguments, tmp: tmp)
    return (r.status, r.output, r.errorOutput)
}

@Suite("eAT batches", .serialized)
struct BatchTests {
    @Test("a CSV of 100 fictional clients gives 100 PDFs and leaves no other file behind")
    func hundred() throws {
        try withTemporaryFolder { dir in
            let tmp = dir.appendingPathComponent("tmp"), out = dir.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
            let csv = dir.appendingPathComponent("clients.csv")
            try Data(FictionalClients.csv(count: 100).utf8).write(to: csv)
            let r = try kimdoc(["form", "eat", "--lang", "ar", "--csv", csv.path, "--out", out.path], tmp: tmp)
            #expect(r.status == 0, "\(r.err)")
            let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            #expect(files.count == 100)
            #expect(files.allSatisfy { $0.hasPrefix("eat-ar-") && $0.hasSuffix(".pdf") })
            #expect(files.first == "eat-ar-0001.pdf" && files.last == "eat-ar-0100.pdf")
            #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["clients.csv", "out", "tmp"])
            // Progress names files and rows, never a client.
            #expect(!r.out.contains("Haddad") && !r.err.contains("Haddad"))
            #expect(r.out.contains("100 forms written"))
            // Row 37 is a client of its own.
            let text = try runTool("pdftotext", [out.appendingPathComponent("eat-ar-0037.pdf").path, "-"]).output
            #expect(text.contains("X100036") && text.contains("+49 221 4710-136"))
        }
    }

    @Test("an invalid date names the row and the field; the other rows are still made")
    func invalidDate() throws {
        try withTemporaryFolder { dir in
            let tmp = dir.appendingPathComponent("tmp"), out = dir.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
            let csv = dir.appendingPathComponent("clients.csv")
            try Data("surname,date_of_birth\nHaddad,1988-03-14\nYılmaz,1990-13-01\nKovalenko,\n".utf8).write(to: csv)
            let r = try kimdoc(["form", "eat", "--lang", "tr", "--csv", csv.path, "--out", out.path], tmp: tmp)
            #expect(r.status == 1)
            #expect(r.err.contains("clients.csv row 2 (line 3): field date_of_birth: impossible date (year 1900–2100, month 01–12); write it YYYY-MM-DD"))
            #expect(!r.err.contains("Yılmaz") && !r.err.contains("1990-13-01"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["eat-tr-0001.pdf", "eat-tr-0003.pdf"])
        }
    }

    @Test("kimdoc form: a blank PDF, and one filled from JSON")
    func command() throws {
        try withTemporaryFolder { dir in
            let tmp = dir.appendingPathComponent("tmp")
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
            let blank = try kimdoc(["form", "eat", "--lang", "ti", "--blank", "--out", dir.appendingPathComponent("b.pdf").path], tmp: tmp)
            #expect(blank.status == 0, "\(blank.err)")
            let json = dir.appendingPathComponent("c.json")
            try Data(#"{"given_names": "Олександр"}"#.utf8).write(to: json)
            let rejected = try kimdoc(["form", "eat", "--lang", "uk", "--data", json.path, "--out", dir.appendingPathComponent("c.pdf").path], tmp: tmp)
            #expect(rejected.status == 1)
            #expect(rejected.err.contains("field given_names: must be in Latin letters"))
            #expect(!rejected.err.contains("Oleksandr") && !rejected.err.contains("Олександр"))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("c.pdf").path))
            let accepted = try kimdoc(["form", "eat", "--lang", "uk", "--data", json.path, "--transliterate", "--out", dir.appendingPathComponent("c.pdf").path], tmp: tmp)
            #expect(accepted.status == 0)
            #expect(try runTool("pdftotext", [dir.appendingPathComponent("c.pdf").path, "-"]).output.contains("Oleksandr"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
        }
    }
}

@Suite("Benchmark smoke")
struct BenchSmokeTests {
    @Test("a run's peak memory is its own: kimdoc writes VmHWM to KIMDOC_BENCH_PEAK_FILE, and 256 MiB held by the parent do not count")
    func ownPeak() throws {
        try withTemporaryFolder { dir in
            // The parent holds 256 MiB while the child runs; wait4's rusage would report them as the
            // child's (exec_mmap records the shared memory's high-water mark), VmHWM does not.
            let size = 256 << 20
            let held = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
            defer { held.deallocate() }
            for page in stride(from: 0, to: size, by: 4096) { held[page] = 1 }
            let peak = dir.appendingPathComponent("peak")
            let r = try runProgram(try kimdocExecutable(), ["text", "--lang", "de", "--out", dir.appendingPathComponent("hallo.pdf").path, "Hallo"],
                                   environment: ["KIMDOC_ROOT": repositoryRoot.path, "KIMDOC_BENCH_PEAK_FILE": peak.path])
            #expect(r.status == 0, "\(r.errorOutput)")
            let text = try String(contentsOf: peak, encoding: .utf8)
            #expect(text.hasSuffix("\n"))
            let kib = try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect((4 << 10)..<(size >> 10) ~= kib, "\(kib) KiB")
            #expect(held[4096] == 1)
        }
    }

    @Test("kimdoc bench --smoke runs every workload, prints a row for each and writes them with the machine to --json")
    func smoke() throws {
        try withTemporaryFolder { dir in
            let tmp = dir.appendingPathComponent("tmp"), json = dir.appendingPathComponent("history/bench.json")
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: json.deletingLastPathComponent(), withIntermediateDirectories: true)
            let r = try kimdoc(["bench", "--smoke", "--no-typst", "--json", json.path], tmp: tmp)
            #expect(r.status == 0, "\(r.err)")
            let rows = ["flyer set, \(projectLanguages().count) languages (A4)", "kimdoc build, nothing changed", "kimdoc build, one Arabic unit", "eAT forms from CSV (ar)", "start-up: one paragraph"]
            for row in rows {
                #expect(r.out.contains(row), "\(row)")
            }
            #expect(r.out.contains("peak MiB") && r.out.contains("≤ 50 ms") && r.out.contains("≤ 150 ms"))
            // The benchmark cleans up after itself.
            #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)

            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
            let record = try #require(object)
            #expect(record["kimdoc"] is String && record["date"] is String && record["smoke"] as? Bool == true && record["runsPerWorkload"] as? Int == 1)
            let machine = try #require(record["machine"] as? [String: Any])
            #expect((machine["cores"] as? Int ?? 0) >= 1 && (machine["memoryMiB"] as? Int ?? 0) > 0)
            for key in ["cpu", "kernel", "system"] { #expect((machine[key] as? String)?.isEmpty == false, "\(key)") }
            let workloads = try #require(record["workloads"] as? [[String: Any]])
            #expect(workloads.compactMap { $0["name"] as? String } == rows)
            for w in workloads {
                let runs = w["runs"] as? [Double] ?? []
                #expect(runs.count == 1 && runs.allSatisfy { $0 > 0 } && w["median"] as? Double == runs.first, "\(w)")
                #expect((w["peakMiB"] as? Double ?? 0) > 0 && w["documents"] is Int && w["id"] is String, "\(w)")
            }
            #expect(workloads.first?["pages"] as? Int == projectLanguages().count && workloads.first?["msPerPage"] is Double)
            #expect(record["typst"] == nil, "--no-typst leaves Typst out")
        }
    }
}
