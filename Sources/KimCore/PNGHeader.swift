public import Foundation

/// A PNG file's size in pixels, read from its header (the first 24 bytes) without decoding it:
/// decoding allocates width × height × 4 bytes, so a small file can ask for gigabytes (issue 19:
/// a 1.5 MB PNG of 20000 × 20000 pixels took 4.7 GB and 37 s as a logo).
public struct PNGHeader: Sendable, Equatable {
    public let width: Int
    public let height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// What is wrong with a file as a PNG image, in a phrase that follows its name.
    public enum Problem: Error, Sendable, Equatable {
        case notPNG
        case damaged
        case tooLarge(width: Int, height: Int)

        public var phrase: String {
            switch self {
            case .notPNG: return "is not a PNG file; save it as PNG"
            case .damaged: return "is damaged (its PNG header is incomplete or wrong); export it again as PNG"
            case .tooLarge(let w, let h):
                return "has \(w) × \(h) pixels, more than the \(SizeLimits.imagePixels / 1_000_000) megapixels kimdoc decodes; scale it down (a logo needs at most 2000 pixels across)"
            }
        }
    }

    /// The size from the header bytes, checked against `SizeLimits.imagePixels`.
    public static func read(_ bytes: some Collection<UInt8>) -> Result<PNGHeader, Problem> {
        let head = Array(bytes.prefix(24))
        guard head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return .failure(.notPNG) }
        // The first chunk must be IHDR of length 13: width and height, 4 bytes each, big-endian.
        guard head.count == 24, head[8..<16].elementsEqual([0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]) else { return .failure(.damaged) }
        func int(_ at: Int) -> Int { head[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let w = int(16), h = int(20)
        // PNG allows at most 2^31 - 1 per side; 0 is invalid.
        guard (1...Int(Int32.max)).contains(w), (1...Int(Int32.max)).contains(h) else { return .failure(.damaged) }
        guard w * h <= SizeLimits.imagePixels else { return .failure(.tooLarge(width: w, height: h)) }
        return .success(PNGHeader(width: w, height: h))
    }

    /// The size of the PNG file at `url`, reading only its header; nil if it cannot be read.
    public static func read(fileAt url: URL) -> Result<PNGHeader, Problem>? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 24) else { return nil }
        return read(data)
    }
}
