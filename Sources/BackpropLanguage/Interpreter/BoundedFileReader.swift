#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads the file a `load` or `data` names: a regular file only, its size checked with
/// `fstat` on the opened descriptor before anything is read, then read in chunks that
/// never go past the limit (a file growing while it is read is refused too), asking
/// `shouldStop` between chunks so an interrupt is answered at once.
struct BoundedFileReader {
    enum Failure: Error, Equatable {
        case notFound
        case notRegular(kind: String)
        case tooLarge(bytes: Int)
        case system(errno: Int32)
        case stopped
    }

    let limit: Int
    var chunk = 1 << 20

    func contents(of path: String, shouldStop: () -> Bool) throws(Failure) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one forever.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            let code = errno
            var st = stat()
            if code == ENOENT || code == ENOTDIR { throw .notFound }
            // A socket cannot be opened (ENXIO): say what it is.
            if stat(path, &st) == 0, !FileErrorWording.isRegular(st.st_mode) {
                throw .notRegular(kind: FileErrorWording.kind(of: st.st_mode))
            }
            throw .system(errno: code)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .system(errno: errno) }
        guard FileErrorWording.isRegular(st.st_mode) else { throw .notRegular(kind: FileErrorWording.kind(of: st.st_mode)) }
        let size = Int(st.st_size)
        guard size <= limit else { throw .tooLarge(bytes: size) }

        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var filled = 0
        while true {
            if shouldStop() { throw .stopped }
            if filled == bytes.count {
                // The file grew past what fstat said: grow, but never beyond the limit.
                guard bytes.count <= limit else { throw .tooLarge(bytes: filled) }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - bytes.count)))
            }
            let want = min(chunk, bytes.count - filled)
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(fd, base + filled, want)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .system(errno: errno)
            }
            if got == 0 { break }
            filled += got
        }
        if filled > limit { throw .tooLarge(bytes: filled) }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }
}
