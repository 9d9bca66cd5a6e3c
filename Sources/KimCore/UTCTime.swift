public import Foundation

/// A moment as UTC calendar date and time of day, for metadata (`2026-11-21`, `14:05:09`).
///
/// Plain arithmetic on the proleptic Gregorian calendar: no formatter, so no locale data is
/// loaded for it (Foundation's DateFormatter costs milliseconds at start-up).
public struct UTCTime: Sendable, Equatable {
    public let year: Int, month: Int, day: Int
    public let hour: Int, minute: Int, second: Int

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since 1970: the years a PDF or PO
    /// date can write with four digits.
    public static let earliestSeconds = -62_135_596_800
    public static let latestSeconds = 253_402_300_799

    /// Dates outside the years 1…9999 (and NaN) are clamped to the nearest bound, so that no
    /// date, wherever it came from, can trap the integer conversion.
    public init(_ date: Date) {
        let t = date.timeIntervalSince1970
        let bounded = t.isNaN ? 0 : min(max(t.rounded(.down), Double(Self.earliestSeconds)), Double(Self.latestSeconds))
        let seconds = Int(bounded)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The date in `SOURCE_DATE_EPOCH` (the reproducible-builds convention: whole seconds since
    /// 1970), nil when it is not set or empty. Anything but an integer from 0 to the end of year
    /// 9999 is an error naming the variable: a misspelt value must not silently become "now".
    public static func sourceDateEpoch(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date? {
        guard let raw = environment["SOURCE_DATE_EPOCH"], !raw.isEmpty else { return nil }
        guard raw.utf8.count <= 12, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let seconds = Int(raw), seconds <= latestSeconds else {
            throw KimError("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 between 0 and \(latestSeconds) (9999-12-31); set it to such a number or unset it.")
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `yyyy-MM-dd`.
    public var date: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
    /// `HH:mm:ss`.
    public var time: String { "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))" }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
