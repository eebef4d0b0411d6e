#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Words for what the file system says, as people expect to read them: "no space left on
/// device", "a FIFO" — never a raw error dump or a guess like "permission denied?".
enum FileErrorWording {
    /// An errno value in lower-case words ("no space left on device").
    static func describe(errno code: Int32) -> String {
        switch code {
        case ENOSPC: return "no space left on device"
        case EDQUOT: return "the disk quota is exceeded"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case ENOENT: return "no such file or folder"
        case ENOTDIR: return "a part of the path is not a folder"
        case EISDIR: return "it is a directory"
        case ENAMETOOLONG: return "the name is too long"
        case ELOOP: return "too many levels of symbolic links"
        case EIO: return "an input/output error"
        case EMFILE, ENFILE: return "too many open files"
        case EFBIG: return "the file is too large for the file system"
        case EBUSY, ETXTBSY: return "the file is busy"
        case EXDEV: return "the temporary file is on another device"
        case EINTR: return "interrupted by a signal"
        default:
            guard let text = strerror(code) else { return "error \(code)" }
            let s = String(cString: text)
            return s.prefix(1).lowercased() + s.dropFirst()
        }
    }

    /// What a non-regular file is, with its article ("a FIFO", "a character device").
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        case S_IFREG: return "a regular file"
        default: return "not a regular file"
        }
    }

    static func isRegular(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFREG }
}
