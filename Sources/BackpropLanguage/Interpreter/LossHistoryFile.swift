#if canImport(Glibc)
import Glibc
#endif

/// `train … history "FILE.csv"`: every epoch's loss, written as training runs (a buffered
/// C stream, so memory stays constant whatever the epoch count). Lines go to a temporary
/// file beside the target, which replaces the target only when the run is kept (`commit`);
/// a run that fails leaves no file (`discard`).
final class LossHistoryFile {
    private var stream: UnsafeMutablePointer<FILE>?
    let path: String
    private let temporary: String

    /// Opens the temporary file and writes the header; nil and the reason when it cannot.
    static func open(_ path: String) -> Result<LossHistoryFile, HistoryFileError> {
        let temporary = path + ".tmp-\(getpid())"
        guard let stream = fopen(temporary, "w") else {
            return .failure(HistoryFileError(reason: String(cString: strerror(errno))))
        }
        return .success(LossHistoryFile(stream: stream, path: path, temporary: temporary))
    }

    private init(stream: UnsafeMutablePointer<FILE>, path: String, temporary: String) {
        self.stream = stream
        self.path = path
        self.temporary = temporary
        fputs("epoch,loss\n", stream)
    }

    deinit { discard() }

    func append(epoch: Int, loss: Double) {
        guard let stream else { return }
        // Double's description is the shortest text that reads back to the same value.
        fputs("\(epoch),\(loss)\n", stream)
    }

    /// Closes the file and moves it into place; the reason when that failed.
    func commit() -> HistoryFileError? {
        guard let stream else { return HistoryFileError(reason: "already closed") }
        self.stream = nil
        let failed = ferror(stream) != 0
        if fclose(stream) != 0 || failed {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return HistoryFileError(reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return HistoryFileError(reason: reason)
        }
        return nil
    }

    /// Closes and removes the temporary file.
    func discard() {
        guard let stream else { return }
        self.stream = nil
        fclose(stream)
        unlink(temporary)
    }
}

struct HistoryFileError: Error {
    let reason: String
}
