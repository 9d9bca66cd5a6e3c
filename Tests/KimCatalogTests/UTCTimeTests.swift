import Foundation
import KimCatalog
import KimCore
import KimTestSupport
import Testing

/// Metadata dates are made by arithmetic, not by a formatter: checked against Python's datetime
/// in UTC, across leap days, centuries and before 1970.
@Suite("UTC dates for metadata")
struct UTCTimeTests {
    @Test(arguments: [
        (0.0, "1970-01-01 00:00:00"),
        (1_709_164_799, "2024-02-28 23:59:59"),
        (1_709_210_096.75, "2024-02-29 12:34:56"),
        (-1, "1969-12-31 23:59:59"),
        (-3_153_600_007, "1870-01-24 23:59:53"),
        (4_102_444_800, "2100-01-01 00:00:00"),
        (951_782_400, "2000-02-29 00:00:00"),
    ])
    func calendar(seconds: Double, expected: String) {
        let t = UTCTime(Date(timeIntervalSince1970: seconds))
        #expect("\(t.date) \(t.time)" == expected)
    }

    @Test("Dates beyond the years 1…9999, infinity and NaN are clamped, never a trap")
    func clamped() {
        #expect(UTCTime(Date(timeIntervalSince1970: 1e20)).date == "9999-12-31")
        #expect(UTCTime(Date(timeIntervalSince1970: .infinity)).date == "9999-12-31")
        #expect(UTCTime(Date(timeIntervalSince1970: -1e30)).date == "0001-01-01")
        #expect(UTCTime(Date(timeIntervalSince1970: .nan)).date == "1970-01-01")
    }

    @Test("SOURCE_DATE_EPOCH: whole seconds from 0 to the end of 9999, anything else a clear error")
    func sourceDateEpoch() throws {
        #expect(try UTCTime.sourceDateEpoch([:]) == nil)
        #expect(try UTCTime.sourceDateEpoch(["SOURCE_DATE_EPOCH": ""]) == nil)
        #expect(try UTCTime.sourceDateEpoch(["SOURCE_DATE_EPOCH": "1700000000"])?.timeIntervalSince1970 == 1_700_000_000)
        #expect(try UTCTime.sourceDateEpoch(["SOURCE_DATE_EPOCH": "253402300799"])?.timeIntervalSince1970 == 253_402_300_799)
        for bad in ["99999999999999999999", "253402300800", "nan", "inf", "-5", "1.5", "1e9", " 1", "abc", "0x10"] {
            let error = #expect(throws: KimError.self, "\(bad)") { try UTCTime.sourceDateEpoch(["SOURCE_DATE_EPOCH": bad]) }
            #expect(error?.message.hasPrefix("SOURCE_DATE_EPOCH must be a whole number") == true)
        }
    }

    @Test func gettextHeaderDate() {
        #expect(CatalogUpdate.gettextDate(Date(timeIntervalSince1970: 1_709_210_096)) == "2024-02-29 12:34+0000")
    }
}

/// Client documents are written 0600 and never exist under a second name (issue 19).
@Suite("Atomic files")
struct AtomicFileTests {
    func mode(_ url: URL) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    @Test("Private files are 0600, new or replacing, through O_TMPFILE and through the named fallback")
    func privateMode() throws {
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("client.pdf")
            try AtomicFile.write(Data("one".utf8), to: url, access: .private)
            #expect(try mode(url) == 0o600)
            try AtomicFile.write(Data("two".utf8), to: url, access: .private)
            #expect(try String(contentsOf: url, encoding: .utf8) == "two")
            #expect(try mode(url) == 0o600)
            try AtomicFile.writeThroughNamedFile(Data("three".utf8), to: url, access: .private)
            #expect(try String(contentsOf: url, encoding: .utf8) == "three")
            #expect(try mode(url) == 0o600)
            let fresh = dir.appendingPathComponent("fallback.png")
            try AtomicFile.writeThroughNamedFile(Data(), to: fresh, access: .private)
            #expect(try mode(fresh) == 0o600)
            let shared = dir.appendingPathComponent("flyer.pdf")
            try AtomicFile.write(Data("x".utf8), to: shared)
            try AtomicFile.write(Data("y".utf8), to: shared)
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["client.pdf", "fallback.png", "flyer.pdf"])
        }
    }

    @Test("Temporaries of processes that are gone are removed, a running one's are kept")
    func staleTemporaries() throws {
        try withTemporaryFolder { dir in
            // PID 2^22 + 1 is above Linux's pid_max limit, so no process has it.
            let stale = ".eat-de-0002.pdf.4194305.123456.tmp"
            let running = ".eat-de-0003.pdf.\(getpid()).99.tmp"
            for name in [stale, running, ".hidden.tmp", "notes.txt"] {
                try Data("x".utf8).write(to: dir.appendingPathComponent(name))
            }
            #expect(AtomicFile.removeStaleTemporaries(in: dir) == 1)
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == [running, ".hidden.tmp", "notes.txt"])
        }
    }
}
