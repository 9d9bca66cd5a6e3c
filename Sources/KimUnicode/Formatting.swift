internal import CICU
public import KimCore
import Synchronization

/// Numbers and dates in a language's conventions (ICU, CLDR data).
///
/// `numberingSystem` chooses the digits: nil for the language's default (Persian: Extended
/// Arabic-Indic ۰۱۲, Arabic in Germany's use: configurable), "latn" for 0–9, "arab", "arabext".
public struct LocaleFormatter: Sendable {
    public let language: Language
    public let numberingSystem: String?

    public init(language: Language, numberingSystem: String? = nil) {
        self.language = language
        self.numberingSystem = numberingSystem
    }

    public enum NumberStyle: Int32, Sendable { case decimal = 0, integer = 1, percent = 2 }
    public enum DateStyle: Int32, Sendable { case full = 0, long = 1, medium = 2, short = 3 }

    private var locale: String { numberingSystem.map { "\(language.icuLocale)@numbers=\($0)" } ?? language.icuLocale }

    public func format(number: Double, style: NumberStyle = .decimal) throws -> String {
        try call("kim_format_number") { kim_format_number(locale, number, style.rawValue, $0, $1, $2) }
    }

    /// A calendar date given as year, month, day.
    public func format(year: Int, month: Int, day: Int, style: DateStyle = .short) throws -> String {
        let ms = Double(Self.daysSinceEpoch(year: year, month: month, day: day)) * 86_400_000
        return try call("kim_format_date") { kim_format_date(locale, ms, style.rawValue, $0, $1, $2) }
    }

    /// A date in the locale's best pattern for an ICU skeleton: `cccc` is the stand-alone weekday
    /// name ("Montag", "الاثنين"), `dMMMMy` a long date.
    public func format(year: Int, month: Int, day: Int, skeleton: String) throws -> String {
        let ms = Double(Self.daysSinceEpoch(year: year, month: month, day: day)) * 86_400_000
        let sk = Array(skeleton.utf16)
        return try call("kim_format_date_skeleton") { kim_format_date_skeleton(locale, ms, sk, Int32(sk.count), $0, $1, $2) }
    }

    /// The weekday's name, stand-alone form; `isoWeekday` 1 = Monday … 7 = Sunday.
    public func weekdayName(isoWeekday: Int) throws -> String {
        let key = "\(locale)#\(isoWeekday)"
        if let name = Self.weekdayNames.withLock({ $0[key] }) { return name }
        // 2024-01-01 was a Monday.
        let name = try format(year: 2024, month: 1, day: isoWeekday, skeleton: "cccc")
        Self.weekdayNames.withLock { $0[key] = name }
        return name
    }

    /// Weekday names by locale, made once per process: opening ICU's pattern generator for a
    /// locale costs about as much as laying out a page.
    private static let weekdayNames = Mutex<[String: String]>([:])

    /// The digits 0–9 of this locale's numbering system (Persian ۰–۹ for `arabext`).
    public func digits() throws -> [String] {
        try (0...9).map { try format(number: Double($0), style: .integer) }
    }

    private func call(_ name: String, _ body: (UnsafeMutablePointer<UInt16>, Int32, UnsafeMutablePointer<Int32>) -> Int32) throws -> String {
        var buffer = [UInt16](repeating: 0, count: 128)
        var status: Int32 = 0
        let n = buffer.withUnsafeMutableBufferPointer { b in
            withUnsafeMutablePointer(to: &status) { s in b.baseAddress.map { body($0, 128, s) } ?? 0 }
        }
        try ICUError.check(status, name)
        return String(decoding: buffer.prefix(Int(min(n, 128))), as: UTF16.self)
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
