public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a crash never leaves half of one, and a client's document never leaves a
/// temporary copy: the content goes to an anonymous file (`O_TMPFILE`, Linux) that gets its name
/// only when it is complete.
public enum AtomicFile {
    /// Who may read a written file.
    public enum Access: Sendable {
        /// 0644 less the umask: templates, catalogs, flyers, the font index.
        case shared
        /// 0600 less the umask: documents with client data (forms, their PNGs, every file of a batch).
        case `private`

        var mode: mode_t { self == .private ? 0o600 : 0o644 }
    }

    /// Calls `write` with a temporary path next to `url`, then moves it into place. On any error
    /// the temporary file is removed and the target left as it was. For files that are not made
    /// in memory; anything with client data goes through `write(_:to:access:)` instead.
    public static func write(to url: URL, _ write: (URL) throws -> Void) throws {
        try createFolder(of: url)
        let temp = temporaryName(for: url)
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

    /// Writes `data` to `url`. On Linux the bytes go to an anonymous file (`O_TMPFILE`) that is
    /// linked under the target's name when complete:
    /// - a new target gets its name in one step (`linkat`), so at no moment does another name
    ///   exist;
    /// - an existing `.shared` target is replaced atomically through a hidden name and `rename`;
    ///   an existing `.private` one is removed first and the new file linked in its place, so a
    ///   kill can at worst leave no file, never a second copy under another name.
    /// Without `O_TMPFILE` (or /proc), a named temporary file created with the final mode, 0600
    /// for `.private`, is written and renamed; `removeStaleTemporaries` removes what a kill left.
    public static func write(_ data: Data, to url: URL, access: Access = .shared) throws {
        try createFolder(of: url)
        #if os(Linux)
        if try writeAnonymous(data, to: url, access: access) { return }
        #endif
        try writeThroughNamedFile(data, to: url, access: access)
    }

    /// The fallback without anonymous files: a named temporary file, created exclusively with
    /// the final mode (never following a link someone placed there), written, renamed.
    package static func writeThroughNamedFile(_ data: Data, to url: URL, access: Access) throws {
        let temp = temporaryName(for: url)
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, access.mode)
        guard fd >= 0 else { throw failure(url) }
        do {
            defer { close(fd) }
            try writeAll(data, to: fd, url: url)
        } catch {
            unlink(temp.path)
            throw error
        }
        guard rename(temp.path, url.path) == 0 else {
            let e = failure(url)
            unlink(temp.path)
            throw e
        }
    }

    /// Removes the temporary files kimdoc names `.NAME.PID.RANDOM.tmp` in `folder` whose process
    /// is gone (left by a kill on a system without `O_TMPFILE`, or by an older kimdoc).
    /// Returns how many were removed.
    @discardableResult
    public static func removeStaleTemporaries(in folder: URL) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.dropLast(4).split(separator: ".")
            guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), UInt32(parts[parts.count - 1]) != nil else { continue }
            // A running kimdoc's file is left alone (kill(pid, 0) fails with ESRCH when it is gone).
            if pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
            if unlink(folder.appendingPathComponent(name).path) == 0 { removed += 1 }
        }
        return removed
    }

    static func temporaryName(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    }

    private static func createFolder(of url: URL) throws {
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw KimError("Cannot create the folder \(dir.path): \(String(cString: strerror(errno))); check that it can be created and written.")
        }
    }

    private static func failure(_ url: URL) -> KimError {
        KimError("Cannot write \(url.path): \(String(cString: strerror(errno))); check the folder's permissions and free space.")
    }

    private static func writeAll(_ data: Data, to fd: Int32, url: URL) throws {
        let ok = data.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }  // nothing to write
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, base + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else { throw failure(url) }
    }

    #if os(Linux)
    /// false when the file system has no anonymous files or there is no /proc (then the caller
    /// falls back).
    private static func writeAnonymous(_ data: Data, to url: URL, access: Access) throws -> Bool {
        let oTmpfile: Int32 = 0o20_200_000  // O_TMPFILE (with O_DIRECTORY) on Linux
        let fd = open(url.deletingLastPathComponent().path, oTmpfile | O_WRONLY | O_CLOEXEC, access.mode)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        try writeAll(data, to: fd, url: url)
        let source = "/proc/self/fd/\(fd)"
        if linkat(AT_FDCWD, source, AT_FDCWD, url.path, AT_SYMLINK_FOLLOW) == 0 { return true }
        switch errno {
        case ENOENT: return false  // no /proc
        case EEXIST: break
        default: throw failure(url)
        }
        if access == .private {
            // Another process may create the name again in between: a few tries.
            for _ in 0..<3 {
                if unlink(url.path) != 0, errno != ENOENT { throw failure(url) }
                if linkat(AT_FDCWD, source, AT_FDCWD, url.path, AT_SYMLINK_FOLLOW) == 0 { return true }
                if errno != EEXIST { throw failure(url) }
            }
            throw failure(url)
        }
        let temp = temporaryName(for: url)
        guard linkat(AT_FDCWD, source, AT_FDCWD, temp.path, AT_SYMLINK_FOLLOW) == 0 else { throw failure(url) }
        guard rename(temp.path, url.path) == 0 else {
            let e = failure(url)
            unlink(temp.path)
            throw e
        }
        return true
    }
    #endif
}
