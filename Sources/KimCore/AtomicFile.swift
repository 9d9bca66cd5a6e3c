public import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    /// Writes `data` to `url` atomically. On Linux the bytes first go to an anonymous file
    /// (`O_TMPFILE`) that has no name until it is complete, so a crash or kill never leaves a
    /// temporary copy behind (what matters for client data); elsewhere, a named temporary file.
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw KimError("Cannot create the folder \(dir.path): \(error.localizedDescription)")
        }
        #if os(Linux)
        if try writeAnonymous(data, to: url) { return }
        #endif
        try write(to: url) { temp in
            do { try data.write(to: temp) } catch {
                throw KimError("Cannot write \(url.path): \(error.localizedDescription)")
            }
        }
    }

    #if os(Linux)
    /// false when the file system has no anonymous files (then the caller falls back).
    private static func writeAnonymous(_ data: Data, to url: URL) throws -> Bool {
        let oTmpfile: Int32 = 0o20_200_000  // O_TMPFILE (with O_DIRECTORY) on Linux
        let fd = open(url.deletingLastPathComponent().path, oTmpfile | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        func fail() -> KimError { KimError("Cannot write \(url.path): \(String(cString: strerror(errno))).") }
        let ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else { throw fail() }
        // Give it a hidden name next to the target, then rename it over the target.
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, temp.path, AT_SYMLINK_FOLLOW) == 0 else {
            if errno == ENOENT { return false }  // no /proc
            throw fail()
        }
        guard rename(temp.path, url.path) == 0 else {
            let e = fail()
            unlink(temp.path)
            throw e
        }
        return true
    }
    #endif
}
