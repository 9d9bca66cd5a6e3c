internal import CZlib
public import Foundation
import KimCore

/// A ZIP file of finished documents ("all languages as ZIP"), built in memory.
///
/// Entries are stored, not compressed: PDFs and PNGs are compressed already. Names are UTF-8
/// (general purpose bit 11). Sizes are limited to what ZIP without the ZIP64 extension can hold
/// (4 GiB a file, 65,535 entries), far beyond a set of documents.
public struct ZIPArchive: Sendable {
    private var body = Data()
    private var directory = Data()
    private var count = 0

    public init() {}

    /// Adds a file. `name` is a relative path with `/` between folders.
    public mutating func add(_ name: String, _ data: Data, modified: Date = Date(timeIntervalSince1970: 315_532_800)) throws {
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty, nameBytes.count <= 0xFFFF, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
            throw RenderError("'\(name)' cannot be a file name in a ZIP archive.")
        }
        guard data.count < 0xFFFF_FFFF, body.count < 0xFFFF_FFFF - data.count - 30 - nameBytes.count, count < 0xFFFF else {
            throw RenderError("the ZIP archive would be larger than 4 GiB; make fewer documents at a time.")
        }
        let crc = data.withUnsafeBytes { raw -> UInt32 in
            UInt32(crc32(0, raw.bindMemory(to: UInt8.self).baseAddress, uInt(data.count)))
        }
        let (time, date) = Self.dosTime(modified)
        let offset = UInt32(body.count)
        var local = Data()
        local.le32(0x0403_4B50)
        local.le16(20)  // version needed: 2.0
        local.le16(1 << 11)  // UTF-8 names
        local.le16(0)  // stored
        local.le16(time)
        local.le16(date)
        local.le32(crc)
        local.le32(UInt32(data.count))
        local.le32(UInt32(data.count))
        local.le16(UInt16(nameBytes.count))
        local.le16(0)
        local.append(contentsOf: nameBytes)
        body.append(local)
        body.append(data)

        directory.le32(0x0201_4B50)
        directory.le16(0x0314)  // made by: Unix, 2.0
        directory.le16(20)
        directory.le16(1 << 11)
        directory.le16(0)
        directory.le16(time)
        directory.le16(date)
        directory.le32(crc)
        directory.le32(UInt32(data.count))
        directory.le32(UInt32(data.count))
        directory.le16(UInt16(nameBytes.count))
        directory.le16(0)  // extra
        directory.le16(0)  // comment
        directory.le16(0)  // disk
        directory.le16(0)  // internal attributes
        directory.le32(0o100644 << 16)  // external: a regular file, rw-r--r--
        directory.le32(offset)
        directory.append(contentsOf: nameBytes)
        count += 1
    }

    /// The archive's bytes.
    public var data: Data {
        var out = body
        out.append(directory)
        out.le32(0x0605_4B50)
        out.le16(0)
        out.le16(0)
        out.le16(UInt16(count))
        out.le16(UInt16(count))
        out.le32(UInt32(directory.count))
        out.le32(UInt32(body.count))
        out.le16(0)
        return out
    }

    /// MS-DOS time and date (local time is not known to readers; UTC is written).
    static func dosTime(_ date: Date) -> (UInt16, UInt16) {
        let t = UTCTime(date)
        let year = max(1980, min(2107, t.year))
        return (UInt16(t.hour << 11 | t.minute << 5 | t.second / 2), UInt16((year - 1980) << 9 | t.month << 5 | t.day))
    }
}

extension Data {
    fileprivate mutating func le16(_ v: UInt16) { append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8)]) }
    fileprivate mutating func le32(_ v: UInt32) { append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]) }
}
