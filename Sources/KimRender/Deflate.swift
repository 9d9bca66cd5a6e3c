internal import CDeflate
import Synchronization

/// Deflate in the zlib format (RFC 1950), for PDF's FlateDecode and PNG's image data, with
/// libdeflate: whole buffers at once, two to three times faster than zlib at the same level and a
/// few per cent smaller (an Arabic A4 flyer's streams: level 4 gives 38.9 KB where zlib's level 4
/// gave 39.6 KB). The server makes every document on request, so this is on every answer's path.
///
/// Compressors are kept (one per level in use and thread at a time, in a small pool): making one
/// allocates its hash tables.
enum Deflate {
    private final class Compressor: @unchecked Sendable {
        let level: Int32
        let pointer: OpaquePointer
        init?(level: Int32) {
            guard let p = libdeflate_alloc_compressor(level) else { return nil }
            self.level = level
            self.pointer = p
        }
        deinit { libdeflate_free_compressor(pointer) }
    }

    /// Idle compressors; at most `poolLimit` are kept, the rest freed.
    private static let pool = Mutex<[Compressor]>([])
    private static let poolLimit = 8

    /// Level 1 by default, for every stream of a PDF: 60 % of the time of level 4 for 7 % more
    /// bytes (a filled Arabic eAT form's 24 streams: 94.1 KB against 87.5 KB; zlib's levels 4 and
    /// 1 gave 92.8 KB), and the server makes every document on request. PNG data uses 3.
    static func compress(_ data: [UInt8], level: Int32 = 1) throws -> [UInt8] {
        let level = min(max(level, 1), 12)
        let taken = pool.withLock { idle -> Compressor? in
            guard let k = idle.lastIndex(where: { $0.level == level }) else { return nil }
            return idle.remove(at: k)
        }
        guard let c = taken ?? Compressor(level: level) else {
            throw RenderError("libdeflate cannot make a compressor (out of memory) for \(data.count) bytes.")
        }
        defer {
            pool.withLock { idle in
                if idle.count < poolLimit { idle.append(c) }
            }
        }
        let bound = libdeflate_zlib_compress_bound(c.pointer, data.count)
        var out = [UInt8](repeating: 0, count: bound)
        // An empty input still gets a pointer (libdeflate reads none of it).
        let input = data.isEmpty ? [0] : data
        let length = out.withUnsafeMutableBytes { o in
            input.withUnsafeBytes { i in libdeflate_zlib_compress(c.pointer, i.baseAddress, data.count, o.baseAddress, o.count) }
        }
        // 0 means the output did not fit the bound, which libdeflate promises never happens.
        guard length > 0 else { throw RenderError("libdeflate cannot compress \(data.count) bytes.") }
        out.removeLast(out.count - length)
        return out
    }
}
