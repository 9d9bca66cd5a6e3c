import ArgumentParser
import Foundation
import KimCore
import KimDoc
import KimForm
import KimLayout
import KimRender
#if canImport(Glibc)
import Glibc
#endif

/// `kimdoc bench`: the workloads offices run, each in fresh processes (start-up included), as
/// medians of several runs, with peak resident memory; Typst side by side when it is installed.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark: the flyer set in every language of languages.json, the whole build, a batch of filled eAT forms, start-up; Typst side by side.",
        discussion: """
            Use a release build (swift build -c release --static-swift-stdlib, as scripts/setup does). Each workload runs in its own process, --runs
            times; the table shows medians and the largest peak RSS (each run's own VmHWM, which it writes
            to KIMDOC_BENCH_PEAK_FILE as it exits; wait4's rusage would include the bench's own memory).
            Typst (PyPI: pip install typst) renders the same flyer texts in the same boxes, fonts and
            page size; its time is taken inside Python, around the compiles (one per language), so Python's own
            start-up is not held against it.
            """)

    @Option(help: "Runs per workload (the median is reported).") var runs = 5
    @Option(help: "Clients in the eAT batch.") var batch = 1000
    @Option(help: "Language of the eAT batch.") var batchLang = "ar"
    @Flag(help: "A tiny workload that only checks the benchmark works (used by the tests).") var smoke = false
    @Flag(help: "Skip the Typst comparison.") var noTypst = false
    @Flag(help: "Instead: the web app under load (kimdoc serve on 127.0.0.1, driven by wrk): flyer PDF, filled eAT, thumbnail, ZIP; latency, throughput, memory.") var server = false
    @Option(help: "Seconds per load run with --server.") var duration = 10
    @Option(help: "With --server, only these workloads (repeat): flyer, eat, thumbnail, zip, preview, memory.") var only: [String] = []
    @Option(help: "Also write the figures and the machine's description to this JSON file (written atomically), to keep a history.") var json: String?
    @Option(help: "Instead: write the batch's fictional clients (--batch of them) as CSV to this file, to run the batch by hand (scripts/make-link-order does).") var writeClients: String?

    struct Measurement {
        var seconds: [Double] = []
        var peakKiB = 0
        /// Pages of all documents of one run, where known (read back from the PDFs written).
        var pages: Int?
        var median: Double {
            let s = seconds.sorted()
            return s.isEmpty ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
        }
    }

    func run() throws {
        try reportingErrors {
            // `0..<runs` and the client generator trap on negative counts.
            guard (1...1000).contains(runs) else { throw ValidationError("--runs \(runs): give 1 to 1000 runs.") }
            guard (1...1_000_000).contains(batch) else { throw ValidationError("--batch \(batch): give 1 to 1000000 clients.") }
            if let writeClients {
                guard !writeClients.isEmpty else { throw ValidationError("--write-clients: give the path of the CSV file to write.") }
                try AtomicFile.write(Data(FictionalClients.csv(count: batch).utf8), to: URL(fileURLWithPath: writeClients))
                return
            }
            let root = try ProjectRoot.locate()
            let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            let runs = smoke ? 1 : self.runs
            let batch = smoke ? 3 : self.batch
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-bench-\(getpid())")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            if server {
                guard json == nil else { throw ValidationError("--json records the workload benchmark; run it without --server.") }
                guard (1...600).contains(duration) else { throw ValidationError("--duration \(duration): give 1 to 600 seconds.") }
                let known: Set<String> = ["flyer", "eat", "thumbnail", "zip", "preview", "memory"]
                if let unknown = only.first(where: { !known.contains($0) }) {
                    throw ValidationError("--only \(unknown): give one of \(known.sorted().joined(separator: ", ")).")
                }
                try ServerBench(exe: exe, root: root, work: work, duration: duration, smoke: smoke, only: Set(only)).run()
                return
            }
            let build = try DocumentBuild(root: root)
            let languages = build.project.languages.tags.map(\.tag)
            let office = build.offices.first?.id ?? "musterstadt"

            let out = work.appendingPathComponent("out")
            func measure(_ name: String, _ arguments: [String]) throws -> Measurement {
                var m = Measurement()
                for _ in 0..<runs {
                    try? FileManager.default.removeItem(at: out)
                    let (seconds, kib, status) = try spawn(exe, arguments.map { $0.replacingOccurrences(of: "$OUT", with: out.path) })
                    guard status == 0 else { throw KimError("bench: \(name) failed (exit \(status)): kimdoc \(arguments.joined(separator: " "))") }
                    m.seconds.append(seconds)
                    m.peakKiB = max(m.peakKiB, kib)
                }
                // Pages of the last run's documents.
                let files = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "pdf" } ?? []
                let counts = files.map { PDFInfo.pageCount(of: $0) }
                if !counts.isEmpty, counts.allSatisfy({ $0 != nil }) { m.pages = counts.reduce(0) { $0 + ($1 ?? 0) } }
                return m
            }

            var rows: [Row] = []
            // 1. The flyer set in every language of languages.json (A4 one-pager, one office), one process.
            let flyer = try measure("flyer set", ["build", "--template", "kim-flyer-a4", "--office", office, "--out", "$OUT", "--no-draft-notice"])
            rows.append(Row(id: "flyer-set", name: "flyer set, \(languages.count) languages (A4)", documents: languages.count, m: flyer, target: "at most 0.4 × Typst"))
            // 2. Everything kimdoc build makes.
            if !smoke {
                let jobs = try build.jobs(DocumentBuild.Options()).count
                rows.append(Row(id: "build", name: "kimdoc build, everything", documents: jobs, m: try measure("build", ["build", "--out", "$OUT"]), target: nil))
            }
            // 3. Incremental builds in a copy of the project: nothing changed, then one Arabic unit.
            rows += try incremental(root: root, work: work, exe: exe, runs: runs)
            // 4. A batch of filled eAT forms from generated fictional clients.
            let csv = work.appendingPathComponent("clients.csv")
            try Data(FictionalClients.csv(count: batch).utf8).write(to: csv)
            rows.append(Row(id: "eat-batch", name: "eAT forms from CSV (\(batchLang))", documents: batch, m: try measure("eAT batch", ["form", "eat", "--lang", batchLang, "--csv", csv.path, "--out", "$OUT"]), target: "≤ 2 ms/page, ≤ 40 MiB"))
            // 5. Start-up: one short paragraph, fonts discovered.
            rows.append(Row(id: "start-up", name: "start-up: one paragraph", documents: 1, m: try measure("start-up", ["text", "--lang", "de", "--out", "$OUT.pdf", "Hallo"]), target: "≤ 20 ms, ≤ 24 MiB"))

            print("kimdoc bench: \(runs) run\(runs == 1 ? "" : "s") each, medians; \(ProcessInfo.processInfo.activeProcessorCount) cores\n")
            print(pad("workload", 36) + pad("docs", 6, right: true) + pad("pages", 7, right: true) + pad("median s", 10, right: true) + pad("docs/s", 9, right: true) + pad("ms/doc", 9, right: true) + pad("ms/page", 9, right: true) + pad("peak MiB", 10, right: true) + "  target")
            for row in rows {
                let (name, docs, m) = (row.name, row.documents, row.m)
                print(pad(name, 36) + pad(String(docs), 6, right: true) + pad(m.pages.map(String.init) ?? "–", 7, right: true) + pad(String(format: "%.3f", m.median), 10, right: true)
                    + pad(docs == 0 ? "–" : String(format: "%.1f", Double(docs) / max(m.median, 1e-9)), 9, right: true)
                    + pad(docs == 0 ? "–" : String(format: "%.2f", m.median * 1000 / Double(docs)), 9, right: true)
                    + pad(m.pages.map { String(format: "%.2f", m.median * 1000 / Double(max($0, 1))) } ?? "–", 9, right: true)
                    + pad(String(format: "%.1f", Double(m.peakKiB) / 1024), 10, right: true)
                    + (row.target.map { "  \($0)" } ?? ""))
            }
            print("\nTargets (issues 7 and 20): flyer set at most 0.4 × Typst's time; batch at most 2 ms per page and at most 40 MiB,")
            print("the same for 100 and 10,000 documents; warm start-up at most 20 ms and 24 MiB; incremental build with no change at most")
            print("50 ms, after one changed Arabic unit at most 150 ms (\"docs\" there: the documents made).")

            var record = BenchRecord(rows: rows, runs: runs, smoke: smoke)
            defer {
                // Written also when Typst is skipped or missing; a failure to write is reported.
                if let json {
                    do {
                        let url = URL(fileURLWithPath: json)
                        try AtomicFile.write(try record.encoded(), to: url)
                        print("\nfigures written to \(url.path)")
                    } catch {
                        FileHandle.standardError.write(Data("kimdoc: bench: cannot write \(json): \(error)\n".utf8))
                    }
                }
            }

            // Typst side by side: the same flyer texts, boxes, fonts and page size.
            guard !noTypst else { return }
            guard (try? spawn("/usr/bin/env", ["python3", "-c", "import typst"]).status) == 0 else {
                print("\nTypst: not installed (pip install typst) — no comparison")
                return
            }
            var layoutOptions = DocumentLayout.Options()
            layoutOptions.draftNotice = false
            let catalogs = build.project.catalogs()
            var o = DocumentBuild.Options()
            o.templates = ["kim-flyer-a4"]
            o.offices = [office]
            let typstDir = work.appendingPathComponent("typst")
            try FileManager.default.createDirectory(at: typstDir, withIntermediateDirectories: true)
            for job in try build.jobs(o) {
                let doc = try build.layOut(job, catalogs: catalogs, options: layoutOptions)
                let source = TypstSource.document(doc, fonts: ["Noto Sans", "Noto Naskh Arabic", "Noto Sans Ethiopic"])
                try Data(source.utf8).write(to: typstDir.appendingPathComponent("flyer-\(job.language.tag).typ"))
            }
            let script = """
                import sys, time, typst
                d = sys.argv[1]; langs = sys.argv[2].split(",")
                t = time.perf_counter()
                for l in langs:
                    typst.compile(f"{d}/flyer-{l}.typ", output=f"{d}/flyer-{l}.pdf", font_paths=["/usr/share/fonts/truetype/noto"], ignore_system_fonts=True)
                print(time.perf_counter() - t)
                import os  # this process's own peak, as kimdoc reports its own (PeakReport)
                hwm = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")]
                if hwm and os.environ.get("\(PeakReport.variable)"): open(os.environ["\(PeakReport.variable)"], "w").write(hwm[0])
                """
            var inside: [Double] = []
            var m = Measurement()
            for _ in 0..<runs {
                let (seconds, kib, status, output) = try spawnCapturing("/usr/bin/env", ["python3", "-c", script, typstDir.path, languages.joined(separator: ",")])
                guard status == 0, let t = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw KimError("bench: Typst failed (exit \(status)): \(output.prefix(300))") }
                inside.append(t)
                m.seconds.append(seconds)
                m.peakKiB = max(m.peakKiB, kib)
            }
            let typstMedian = Measurement(seconds: inside).median
            print("\nTypst \(typstVersion()) on the same flyer set: \(String(format: "%.3f", typstMedian)) s for \(languages.count) documents inside Python (process with Python start-up: \(String(format: "%.3f", m.median)) s, peak \(String(format: "%.1f", Double(m.peakKiB) / 1024)) MiB)")
            let ratio = flyer.median / max(typstMedian, 1e-9)
            print("ratio kimdoc / Typst, flyer set: \(String(format: "%.2f", ratio)) (target: at most 0.4)")
            record.typst = BenchRecord.Typst(
                version: typstVersion(), documents: languages.count, seconds: inside, median: typstMedian,
                processMedian: m.median, peakMiB: Double(m.peakKiB) / 1024, ratio: ratio)
        }
    }

    /// One workload's figures.
    struct Row {
        var id: String
        var name: String
        var documents: Int
        var m: Measurement
        var target: String?
    }

    /// `kimdoc build` on a copy of the project after a full build: with nothing changed, then
    /// after one Arabic unit's translation changed before each run (the flyers' audience text,
    /// used by both flyers of both offices). Checks that the build made what it should.
    func incremental(root: URL, work: URL, exe: String, runs: Int) throws -> [Row] {
        let project = work.appendingPathComponent("project")
        for folder in ["Templates", "Translations"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(folder), to: project.appendingPathComponent(folder))
        }
        let out = work.appendingPathComponent("incremental")
        // A smoke run limits the build to two flyers and two languages.
        let only = smoke ? ["--template", "kim-flyer-a4", "--office", "musterstadt", "--lang", "ar", "--lang", "de"] : []
        let args = ["build", "--out", out.path] + only
        let env = ["KIMDOC_ROOT": project.path]
        func run(expecting made: Int) throws -> (Double, Int) {
            let (seconds, kib, status, output) = try spawnCapturing(exe, args, environment: env)
            guard status == 0, output.contains("\n\(made) documents made") else {
                throw KimError("bench: the incremental build did not make \(made) documents (exit \(status)):\n\(output.suffix(400))")
            }
            return (seconds, kib)
        }
        _ = try run(expecting: smoke ? 2 : try DocumentBuild(root: project).jobs(DocumentBuild.Options()).count)
        var unchanged = Measurement(), changed = Measurement()
        for _ in 0..<runs {
            let (s, kib) = try run(expecting: 0)
            unchanged.seconds.append(s)
            unchanged.peakKiB = max(unchanged.peakKiB, kib)
        }
        let catalog = project.appendingPathComponent("Translations/ar.po")
        let original = try String(contentsOf: catalog, encoding: .utf8)
        guard let entry = original.range(of: "msgctxt \"flyer.audience.text\""),
            let msgstr = original.range(of: "msgstr \"", range: entry.upperBound..<original.endIndex)
        else { throw KimError("bench: Translations/ar.po has no translation of flyer.audience.text to change; the incremental workload needs it.") }
        for n in 0..<runs {
            var text = original
            text.insert(contentsOf: String(repeating: "\u{0640}", count: n + 1), at: msgstr.upperBound)
            try AtomicFile.write(Data(text.utf8), to: catalog)
            let (s, kib) = try run(expecting: smoke ? 1 : 4)
            changed.seconds.append(s)
            changed.peakKiB = max(changed.peakKiB, kib)
        }
        return [
            Row(id: "incremental-unchanged", name: "kimdoc build, nothing changed", documents: 0, m: unchanged, target: "≤ 50 ms"),
            Row(id: "incremental-one-unit", name: "kimdoc build, one Arabic unit", documents: smoke ? 1 : 4, m: changed, target: "≤ 150 ms"),
        ]
    }

    func typstVersion() -> String {
        (try? spawnCapturing("/usr/bin/env", ["python3", "-c", "import importlib.metadata as m; print(m.version('typst'))"]).3.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "?"
    }

    func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, n - s.count))
        return right ? fill + s : s + fill
    }
}

/// Runs a program and waits for it: wall seconds, peak resident memory of the child (KiB) and exit
/// status. Output is discarded. The peak is the one the child wrote to `KIMDOC_BENCH_PEAK_FILE`
/// as it exited (kimdoc and the Typst script do; see `PeakReport` for why wait4's rusage is not
/// used); a program that writes none is given wait4's figure, which includes the bench's own.
func spawn(_ path: String, _ arguments: [String]) throws -> (seconds: Double, peakKiB: Int, status: Int32) {
    let r = try spawnCapturing(path, arguments, capture: false)
    return (r.0, r.1, r.2)
}

func spawnCapturing(_ path: String, _ arguments: [String], capture: Bool = true, environment: [String: String] = [:]) throws -> (Double, Int, Int32, String) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var fds: [Int32] = [0, 0]
    if capture {
        guard pipe(&fds) == 0 else { throw KimError("bench: cannot create a pipe") }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    let peakFile = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-bench-peak-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
    defer { try? FileManager.default.removeItem(at: peakFile) }
    let envp: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment
        .merging(environment) { $1 }.merging([PeakReport.variable: peakFile.path]) { $1 }
        .map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for e in envp { free(e) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    let rc = envp.withUnsafeBufferPointer { posix_spawn(&pid, path, &actions, nil, argv, $0.baseAddress) }
    guard rc == 0 else { throw KimError("bench: cannot start \(path): \(String(cString: strerror(rc)))") }
    var output = Data()
    if capture {
        close(fds[1])
        let handle = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        output = handle.readDataToEndOfFile()
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let reported = (try? String(contentsOf: peakFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    return (seconds, reported ?? Int(usage.ru_maxrss), exit, String(decoding: output, as: UTF8.self))
}
