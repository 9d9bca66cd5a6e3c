public import Foundation

/// Writes files so that a crash never leaves half of one: the content goes to a temporary file
/// in the same folder, which is then renamed over the target (an atomic step on POSIX).
public enum AtomicFile {
    /// Calls `write` with a temporary path next to `url`, then moves it into place. On any error
    /// the temporary file is removed and the target left as it was.
    public static func write(to url: URL, _ write: (URL) throws -> Void) throws {
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw KimError("Cannot create the folder \(dir.path): \(error.localizedDescription)")
        }
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try write(temp)
            if rename(temp.path, url.path) != 0 {
                throw KimError("Cannot write \(url.path): \(String(cString: strerror(errno))).")
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }

    /// Writes `data` to `url` atomically.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temp in
            do { try data.write(to: temp) } catch {
                throw KimError("Cannot write \(url.path): \(error.localizedDescription)")
            }
        }
    }
}
