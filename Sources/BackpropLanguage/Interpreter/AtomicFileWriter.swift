#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// How `save` writes a file so that nothing is ever lost: the bytes go to a temporary
/// file in the same folder (created with O_EXCL, named `.<name>.tmp-<pid>-<random>`),
/// which is fsynced and renamed over the target, and then the folder is fsynced so the
/// rename itself survives a power cut. Any failure removes the temporary file and leaves
/// the previous file as it was. The target keeps its permission bits. A symbolic link,
/// a FIFO, a device or a directory at the target is refused, never replaced: save writes
/// regular files only. Temporary files of ours left by a killed process are removed.
struct AtomicFileWriter {
    enum Failure: Error, Equatable {
        case nulInName
        case symbolicLink(destination: String?)
        case notRegular(kind: String)
        case noFolder
        /// `errno` while writing; `previousExists` says whether there was a file to keep.
        case system(errno: Int32, previousExists: Bool)
    }

    /// Writes `bytes` to the absolute `path`.
    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        guard !path.utf8.contains(0) else { throw .nulInName }
        let (folder, name) = split(path)
        var st = stat()
        var mode: mode_t? = nil
        if lstat(path, &st) == 0 {
            if st.st_mode & S_IFMT == S_IFLNK { throw .symbolicLink(destination: linkDestination(path)) }
            guard FileErrorWording.isRegular(st.st_mode) else { throw .notRegular(kind: FileErrorWording.kind(of: st.st_mode)) }
            mode = st.st_mode & 0o7777
        } else if errno != ENOENT {
            throw .system(errno: errno, previousExists: false)
        }
        let previousExists = mode != nil
        var folderStat = stat()
        guard stat(folder, &folderStat) == 0, folderStat.st_mode & S_IFMT == S_IFDIR else { throw .noFolder }

        removeStaleTemporaries(in: folder, name: name)
        // New files get the usual 0666 less the umask; an existing file's mode is set below.
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<16 {
            temporary = folder + "/" + temporaryPrefix(name) + "\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, previousExists ? 0o600 : 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw .system(errno: errno, previousExists: previousExists) }
        let created = temporary
        inFlight.withLock { _ = $0.insert(created) }
        defer { inFlight.withLock { _ = $0.remove(created) } }

        func fail(_ code: Int32) -> Failure {
            if fd >= 0 { close(fd) }
            unlink(temporary)
            return .system(errno: code, previousExists: previousExists)
        }
        if let mode {
            guard fchmod(fd, mode) == 0 else { throw fail(errno) }
            // Keep the owner too when we may (root saving a user's file); not being allowed is fine.
            _ = fchown(fd, st.st_uid, st.st_gid)
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return posixWrite(fd, base + written, bytes.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(errno)
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw fail(errno) }
        let closed = close(fd)
        fd = -1
        guard closed == 0 else { throw fail(errno) }
        guard rename(temporary, path) == 0 else { throw fail(errno) }
        // The rename is durable only once the folder is synced. Some file systems refuse to
        // fsync a folder (EINVAL); the file is in place either way.
        let dirfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }

    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    static func temporaryPrefix(_ name: String) -> String { "." + name + ".tmp-" }

    static func linkDestination(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Temporary files this process is writing now (another session may save on another thread).
    static let inFlight = Mutex<Set<String>>([])

    /// Removes `.<name>.tmp-<pid>-*` files whose process is gone (killed during a save).
    /// Another live process's temporary file is left alone: it may be saving right now. A pid
    /// equal to ours is stale unless we are writing that file (pids are reused in containers).
    static func removeStaleTemporaries(in folder: String, name: String) {
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        let prefix = temporaryPrefix(name)
        while let entry = readdir(dir) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard entryName.hasPrefix(prefix) else { continue }
            let rest = entryName.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]) else { continue }
            let full = folder + "/" + entryName
            if pid == getpid() {
                if inFlight.withLock({ $0.contains(full) }) { continue }
            } else if kill(pid, 0) == 0 || errno != ESRCH {
                continue // that process is alive
            }
            unlink(full)
        }
    }
}

/// `write(2)`, outside the type whose static `write` would shadow it.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
