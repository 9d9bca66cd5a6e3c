import Foundation
import KimCore
import KimDoc
import KimWeb
#if canImport(Glibc)
import Glibc
#endif

/// `kimdoc bench --server`: the web app under load, measured from a second process on loopback.
///
/// A `kimdoc serve` over a copy of the project (its document cache off, so every answer is
/// rendered: another office, language or client each time) is driven by `wrk` (Debian) with a Lua
/// script per workload: a flyer PDF, a filled eAT PDF (POST, a new client each time), a page
/// thumbnail, the nine-language ZIP; then translators' previews (8 connections posting different
/// texts, as typed: the region only; then with the page, as asked for when typing pauses; the
/// load average printed beside each). For each: latency percentiles and throughput with 4
/// connections (a busy office) and 32, errors, and the server's CPU seconds per answer (from
/// /proc, with one connection, after waiting until the server has finished what the run before
/// left in flight), from which "what two cores can give" follows. Then the server's resident
/// memory before and after 10,000 more requests. `--only` picks workloads. Every request goes to
/// 127.0.0.1 and every run is bounded.
struct ServerBench {
    let exe: String
    let root: URL
    let work: URL
    let duration: Int
    let smoke: Bool
    /// Only these workloads (`flyer`, `eat`, `thumbnail`, `zip`, `preview`, `memory`); empty: all.
    var only: Set<String> = []

    func includes(_ key: String) -> Bool { only.isEmpty || only.contains(key) }

    struct Result {
        var requests = 0
        var errors = 0
        var seconds = 0.0
        var p50 = 0.0, p95 = 0.0, p99 = 0.0
        var perSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    }

    func run() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
            throw KimError("bench --server needs wrk (apt-get install wrk, or scripts/install-system-packages).")
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { throw KimError("bench --server needs curl (apt-get install curl).") }
        // The project copy, its own account database.
        let project = work.appendingPathComponent("project")
        for folder in ["Templates", "Translations"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(folder), to: project.appendingPathComponent(folder))
        }
        let password = "bench-" + UUID().uuidString
        try UserStore(file: UserStore.defaultFile(root: project), cost: 10).add(name: "bench", role: .admin, password: password)
        let port = try freePort()
        let base = "http://127.0.0.1:\(port)"
        let log = work.appendingPathComponent("server.log")
        let server = try startServer(["serve", "--root", project.path, "--host", "127.0.0.1", "--port", String(port), "--no-document-cache"], log: log)
        defer {
            kill(server, SIGTERM)
            var status: Int32 = 0
            waitpid(server, &status, 0)
        }
        try waitUntilUp(base, server: server, log: log)

        // Sign in as a browser would, and take the form's CSRF token.
        let jar = work.appendingPathComponent("cookies").path
        let loginPage = try curl(["-s", "-c", jar, "\(base)/login"])
        guard let token = value(of: "loginToken", in: loginPage) else { throw KimError("bench: the login page has no token") }
        _ = try curl(["-s", "-b", jar, "-c", jar, "-o", "/dev/null", "--data-urlencode", "loginToken=\(token)", "--data-urlencode", "name=bench", "--data-urlencode", "password=\(password)", "\(base)/login"])
        let cookies = try String(contentsOfFile: jar, encoding: .utf8)
        guard let session = cookies.split(separator: "\n").first(where: { $0.contains("kimdoc_session") })?.split(separator: "\t").last else {
            throw KimError("bench: could not sign in to the server (see \(log.path))")
        }
        let cookie = "kimdoc_session=\(session)"
        let formPage = try curl(["-s", "-b", jar, "\(base)/forms/eat/ar"])
        guard let csrf = value(of: "csrf", in: formPage) else { throw KimError("bench: the form page has no CSRF token") }

        let build = try DocumentBuild(root: project)
        let offices = build.offices.map(\.id)
        let languages = build.project.languages.tags.map(\.tag)
        let targets = languages.filter { $0 != build.project.languages.source.tag }
        var flyers: [String] = [], thumbs: [String] = [], zips: [String] = []
        for o in offices {
            zips.append("/documents/kim-flyer-a4/\(o)/all.zip")
            for l in languages {
                flyers.append("/documents/kim-flyer-a4/\(o)/\(l)/document.pdf")
                thumbs.append("/documents/kim-flyer-trifold/\(o)/\(l)/thumb.png")
            }
        }
        // The translators' preview: texts of several units and languages, each made different
        // by a number the script appends.
        var previews: [(path: String, text: String)] = []
        let flyerUnits = build.templates.first?.sourceUnits().filter { !$0.german.contains(", plural,") }.prefix(4).map(\.id) ?? []
        for l in targets {
            for id in flyerUnits {
                guard let unit = try build.project.unit(id, language: Language(l)) else { continue }
                let text = (unit.translation ?? unit.german).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                previews.append(("/translations/\(l)/\(id)/preview", text))
            }
        }
        let all: [(key: String, name: String, script: String, target4: Double)] = [
            ("flyer", "flyer PDF (A4)", getScript(flyers, cookie: cookie), 30),
            ("eat", "filled eAT PDF (POST)", postScript(languages: targets, cookie: cookie, csrf: csrf), 40),
            ("thumbnail", "page thumbnail (PNG)", getScript(thumbs, cookie: cookie), 30),
            ("zip", "all languages as ZIP", getScript(zips, cookie: cookie), 150),
        ]
        let workloads = all.filter { includes($0.key) }

        print("\nkimdoc serve under load: wrk on 127.0.0.1, \(smoke ? 1 : duration) s per run, document cache off (every answer rendered)")
        print(pad("workload", 24) + pad("conns", 6, true) + pad("requests", 9, true) + pad("errors", 7, true) + pad("p50 ms", 8, true) + pad("p95 ms", 8, true)
            + pad("p99 ms", 8, true) + pad("req/s", 8, true) + pad("CPU ms", 8, true) + pad("target", 30, true))
        for w in workloads {
            let script = work.appendingPathComponent("load.lua")
            try Data(w.script.utf8).write(to: script)
            // CPU per answer, with one connection (nothing waits for anything else), once the
            // server has finished what the run before left in flight.
            waitUntilIdle(server)
            let before = cpuSeconds(server)
            let single = try wrk(script, base: base, connections: 1, seconds: smoke ? 1 : max(2, duration / 2))
            let cpu = (cpuSeconds(server) - before) / Double(max(single.requests, 1))
            let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
            for connections in [4, 32] {
                waitUntilIdle(server)
                let r = try wrk(script, base: base, connections: connections, seconds: smoke ? 1 : duration)
                let target: String
                if connections == 4 {
                    target = "p95 ≤ \(Int(w.target4)) ms: \(r.p95 <= w.target4 ? "met" : "NOT met")"
                } else {
                    let possible = cores / max(cpu, 1e-6)
                    target = "no errors, ≥ 80 % of \(Int(possible))/s: \(r.errors == 0 && r.perSecond >= 0.8 * possible ? "met" : "NOT met")"
                }
                print(pad(w.name, 24) + pad(String(connections), 6, true) + pad(String(r.requests), 9, true) + pad(String(r.errors), 7, true)
                    + pad(String(format: "%.1f", r.p50), 8, true) + pad(String(format: "%.1f", r.p95), 8, true) + pad(String(format: "%.1f", r.p99), 8, true)
                    + pad(String(format: "%.0f", r.perSecond), 8, true) + pad(String(format: "%.1f", cpu * 1000), 8, true) + " " + pad(target, 30, true))
            }
        }

        // Translators typing: 8 connections posting previews of different texts (issue 17: p95 ≤ 80 ms).
        // What the editor asks for while one types: the region only (`pages=none`); then, for
        // comparison, the answer with the page that comes when typing pauses.
        if includes("preview") {
            for (name, pages) in [("translator preview", false), ("  with page (pause)", true)] {
                let previewScript = work.appendingPathComponent("preview.lua")
                try Data(previewPostScript(previews, cookie: cookie, csrf: csrf, pages: pages).utf8).write(to: previewScript)
                // CPU per answer with one connection, as for the other workloads; then 8 at once.
                waitUntilIdle(server)
                let before = cpuSeconds(server)
                let single = try wrk(previewScript, base: base, connections: 1, seconds: smoke ? 1 : max(2, duration / 2))
                let cpu = (cpuSeconds(server) - before) / Double(max(single.requests, 1))
                waitUntilIdle(server)
                let load = loadAverage()
                let p = try wrk(previewScript, base: base, connections: 8, seconds: smoke ? 1 : duration)
                print(pad(name, 24) + pad("8", 6, true) + pad(String(p.requests), 9, true) + pad(String(p.errors), 7, true)
                    + pad(String(format: "%.1f", p.p50), 8, true) + pad(String(format: "%.1f", p.p95), 8, true) + pad(String(format: "%.1f", p.p99), 8, true)
                    + pad(String(format: "%.0f", p.perSecond), 8, true) + pad(String(format: "%.1f", cpu * 1000), 8, true)
                    + pad(pages ? "(not a target)" : "p95 ≤ 80 ms: \(p.p95 <= 80 ? "met" : "NOT met")", 30, true))
                print("  (load average before the run: \(load); \(ProcessInfo.processInfo.activeProcessorCount) cores; the machine is shared)")
            }
        }
        guard includes("memory") else { return }

        // Memory over 10,000 requests of every kind.
        let mixed = work.appendingPathComponent("mixed.lua")
        try Data(getScript(flyers + thumbs, cookie: cookie).utf8).write(to: mixed)
        _ = try wrk(mixed, base: base, connections: 4, seconds: 1)
        let rssBefore = residentKiB(server)
        var total = 0
        let wanted = smoke ? 200 : 10_000
        let started = Date()
        repeat {
            total += try wrk(mixed, base: base, connections: 8, seconds: smoke ? 1 : 10).requests
        } while !smoke && total < wanted && Date().timeIntervalSince(started) < 600
        let rssAfter = residentKiB(server)
        let grown = Double(rssAfter - rssBefore) / 1024
        print(String(format: "\nserver memory: %.1f MiB before, %.1f MiB after %d more requests (%+.1f MiB; target at most +5 MiB: %@)",
            Double(rssBefore) / 1024, Double(rssAfter) / 1024, total, grown, grown <= 5 ? "met" : "NOT met"))
    }

    // MARK: Load scripts

    func luaList(_ items: [String]) -> String { "{" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "}" }

    static let done = """
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("RESULT %d %d %d %f %f %f %f\\n", summary.requests, e.status + e.connect + e.read + e.write + e.timeout,
            summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
        end
        """

    /// GETs of the paths in turn, each thread starting elsewhere.
    func getScript(_ paths: [String], cookie: String) -> String {
        """
        local paths = \(luaList(paths))
        local i = math.random(#paths)
        request = function()
          i = i % #paths + 1
          return wrk.format("GET", paths[i], {["Cookie"] = "\(cookie)"})
        end
        \(Self.done)
        """
    }

    /// POSTs of filled forms, a new fictional client each time, languages in turn.
    func postScript(languages: [String], cookie: String, csrf: String) -> String {
        """
        local langs = \(luaList(languages))
        local names = {"Haddad", "Kovalenko", "Yılmaz", "Tesfay", "Ahmadi", "Petrova", "Rashid", "Mohammadi"}
        local n = math.random(1000000)
        request = function()
          n = n + 1
          local body = "csrf=\(csrf)&office=&surname=" .. names[n % #names + 1] .. "&given_names=Client" .. n ..
            "&date_of_birth=19" .. (50 + n % 50) .. "-0" .. (1 + n % 9) .. "-1" .. (n % 9) .. "&street=Beispielweg+" .. (n % 200 + 1)
          return wrk.format("POST", "/forms/eat/" .. langs[n % #langs + 1] .. "/pdf",
            {["Cookie"] = "\(cookie)", ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
        end
        \(Self.done)
        """
    }

    /// POSTs of previews: each request a unit in a language with its text and a new number.
    func previewPostScript(_ previews: [(path: String, text: String)], cookie: String, csrf: String, pages: Bool) -> String {
        """
        local paths = \(luaList(previews.map(\.path)))
        local texts = \(luaList(previews.map(\.text)))
        local n = math.random(1000000)
        request = function()
          n = n + 1
          local i = n % #paths + 1
          return wrk.format("POST", paths[i], {["Cookie"] = "\(cookie)", ["Content-Type"] = "application/x-www-form-urlencoded"},
            "csrf=\(csrf)\(pages ? "" : "&pages=none")&text=" .. texts[i] .. "+" .. n)
        end
        \(Self.done)
        """
    }

    /// Waits (at most 60 s) until the server uses less than 5 % of a core over a quarter of a
    /// second: a run ends when wrk stops sending, but the server still finishes the requests in
    /// flight (32 ZIPs take seconds), and that CPU must not count against the next workload.
    func waitUntilIdle(_ pid: pid_t) {
        let started = Date()
        var last = cpuSeconds(pid)
        while Date().timeIntervalSince(started) < 60 {
            usleep(250_000)
            let now = cpuSeconds(pid)
            if now - last < 0.0125 { return }
            last = now
        }
    }

    /// The 1-, 5- and 15-minute load averages (/proc/loadavg).
    func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    // MARK: Processes

    func wrk(_ script: URL, base: String, connections: Int, seconds: Int) throws -> Result {
        let threads = min(connections, 2)
        let (_, _, status, output) = try spawnCapturing(
            "/usr/bin/wrk", ["-t", String(threads), "-c", String(connections), "-d", "\(seconds)s", "--timeout", "10s", "-s", script.path, base])
        guard status == 0, let line = output.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") }) else {
            throw KimError("bench: wrk failed (exit \(status)): \(output.prefix(400))")
        }
        let f = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard f.count >= 6 else { throw KimError("bench: cannot read wrk's result: \(line)") }
        return Result(requests: Int(f[0]), errors: Int(f[1]), seconds: f[2] / 1e6, p50: f[3] / 1000, p95: f[4] / 1000, p99: f[5] / 1000)
    }

    func curl(_ arguments: [String]) throws -> String {
        let (_, _, status, output) = try spawnCapturing("/usr/bin/curl", arguments)
        guard status == 0 else { throw KimError("bench: curl \(arguments.last ?? "") failed (exit \(status))") }
        return output
    }

    func value(of name: String, in html: String) -> String? {
        guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }

    func startServer(_ arguments: [String], log: URL) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([exe] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, exe, &actions, nil, argv, environ)
        guard rc == 0 else { throw KimError("bench: cannot start kimdoc serve: \(String(cString: strerror(rc)))") }
        return pid
    }

    func waitUntilUp(_ base: String, server: pid_t, log: URL) throws {
        for _ in 0..<300 {
            if (try? spawnCapturing("/usr/bin/curl", ["-s", "-o", "/dev/null", "\(base)/login"]).2) == 0 { return }
            var status: Int32 = 0
            if waitpid(server, &status, WNOHANG) == server {
                throw KimError("bench: kimdoc serve stopped: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
            }
            usleep(100_000)
        }
        throw KimError("bench: kimdoc serve did not answer within 30 s")
    }

    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw KimError("bench: no socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw KimError("bench: cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// User and system CPU seconds of a process, from /proc/PID/stat.
    func cpuSeconds(_ pid: pid_t) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident memory of a process in KiB (VmRSS).
    func residentKiB(_ pid: pid_t) -> Int {
        PeakReport.statusKiB("VmRSS", process: String(pid)) ?? 0
    }

    func pad(_ s: String, _ n: Int, _ right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, n - s.count))
        return right ? fill + s : s + fill
    }
}
