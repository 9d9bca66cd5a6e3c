import Foundation
import KimCatalog
import KimCore
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

    @Test func gettextHeaderDate() {
        #expect(CatalogUpdate.gettextDate(Date(timeIntervalSince1970: 1_709_210_096)) == "2024-02-29 12:34+0000")
    }
}
