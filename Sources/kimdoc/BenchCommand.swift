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
            times; the table shows medians and the largest peak RSS (getrusage of the child).
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
            let root = try ProjectRoot.locate()
            let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            let runs = smoke ? 1 : self.runs
            let batch = smoke ? 3 : self.batch
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-bench-\(getpid())")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            if server {
                guard (1...600).contains(duration) else { throw ValidationError("--duration \(duration): give 1 to 600 seconds.") }
                try ServerBench(exe: exe, root: root, work: work, duration: duration, smoke: smoke).run()
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

            var rows: [(String, Int, Measurement)] = []
            // 1. The flyer set in every language of languages.json (A4 one-pager, one office), one process.
            let flyer = try measure("flyer set", ["build", "--template", "kim-flyer-a4", "--office", office, "--out", "$OUT", "--no-draft-notice"])
            rows.append(("flyer set, \(languages.count) languages (A4)", languages.count, flyer))
            // 2. Everything kimdoc build makes.
            if !smoke {
                let jobs = try build.jobs(DocumentBuild.Options()).count
                rows.append(("kimdoc build, everything", jobs, try measure("build", ["build", "--out", "$OUT"])))
            }
            // 3. A batch of filled eAT forms from generated fictional clients.
            let csv = work.appendingPathComponent("clients.csv")
            try Data(FictionalClients.csv(count: batch).utf8).write(to: csv)
            rows.append(("eAT forms from CSV (\(batchLang))", batch, try measure("eAT batch", ["form", "eat", "--lang", batchLang, "--csv", csv.path, "--out", "$OUT"])))
            // 4. Start-up: one short paragraph, fonts discovered.
            rows.append(("start-up: one paragraph", 1, try measure("start-up", ["text", "--lang", "de", "--out", "$OUT.pdf", "Hallo"])))

            print("kimdoc bench: \(runs) run\(runs == 1 ? "" : "s") each, medians; \(ProcessInfo.processInfo.activeProcessorCount) cores\n")
            print(pad("workload", 36) + pad("docs", 6, right: true) + pad("pages", 7, right: true) + pad("median s", 10, right: true) + pad("docs/s", 9, right: true) + pad("ms/doc", 9, right: true) + pad("ms/page", 9, right: true) + pad("peak MiB", 10, right: true))
            for (name, docs, m) in rows {
                print(pad(name, 36) + pad(String(docs), 6, right: true) + pad(m.pages.map(String.init) ?? "–", 7, right: true) + pad(String(format: "%.3f", m.median), 10, right: true)
                    + pad(String(format: "%.1f", Double(docs) / max(m.median, 1e-9)), 9, right: true)
                    + pad(String(format: "%.2f", m.median * 1000 / Double(docs)), 9, right: true)
                    + pad(m.pages.map { String(format: "%.2f", m.median * 1000 / Double(max($0, 1))) } ?? "–", 9, right: true)
                    + pad(String(format: "%.1f", Double(m.peakKiB) / 1024), 10, right: true))
            }
            print("\nTargets (issue 7): flyer set at most half of Typst's time; batch at most 2 ms per single-page document (compare ms/page)")
            print("and at most 40 MiB, the same for 100 and 10,000 documents; warm start-up at most 20 ms.")

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
            print("ratio kimdoc / Typst, flyer set: \(String(format: "%.2f", flyer.median / max(typstMedian, 1e-9))) (target: at most 0.5)")
        }
    }

    func typstVersion() -> String {
        (try? spawnCapturing("/usr/bin/env", ["python3", "-c", "import importlib.metadata as m; print(m.version('typst'))"]).3.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "?"
    }

    func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, n - s.count))
        return right ? fill + s : s + fill
    }
}

/// Runs a program and waits for it: wall seconds, peak resident memory of the child (KiB, from
/// wait4's rusage) and exit status. Output is discarded.
func spawn(_ path: String, _ arguments: [String]) throws -> (seconds: Double, peakKiB: Int, status: Int32) {
    let r = try spawnCapturing(path, arguments, capture: false)
    return (r.0, r.1, r.2)
}

func spawnCapturing(_ path: String, _ arguments: [String], capture: Bool = true) throws -> (Double, Int, Int32, String) {
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
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
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
    return (seconds, Int(usage.ru_maxrss), exit, String(decoding: output, as: UTF8.self))
}
