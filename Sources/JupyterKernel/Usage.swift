#if canImport(Glibc)
import Glibc
#endif
import JSON
import Synchronization

/// `usage_reply` content, with ipykernel's fields and units, read from /proc (what psutil
/// reads on Linux), so jupyter-resource-usage can show this kernel's memory and CPU:
///
/// - `kernel_cpu`: the process's CPU time since the previous request (or the start) over the
///   wall time, in percent of one core (psutil's `Process.cpu_percent`; may exceed 100);
/// - `kernel_memory`: PSS in bytes (`Pss` of /proc/self/smaps_rollup; RSS if unreadable);
/// - `host_cpu_percent`: the whole machine's busy share since the previous request, in
///   percent to one decimal (psutil's `cpu_percent`; left out when no time has passed);
/// - `cpu_count`: online logical CPUs; `host_virtual_memory`: psutil's `virtual_memory()`
///   fields from /proc/meminfo, in bytes.
final class UsageMeter: Sendable {
    private struct Sample {
        var wall: Double
        var processCPU: Double
        var host: (busy: Double, total: Double)?
    }

    private let last: Mutex<Sample>

    init() { last = Mutex(Self.sample()) }

    func content() -> JSONValue {
        let now = Self.sample()
        let previous = last.withLock { s in
            let p = s
            s = now
            return p
        }
        var fields: [(key: String, value: JSONValue)] = [
            (key: "hostname", value: .string(Self.hostname())),
            (key: "pid", value: .integer(Int(getpid()))),
        ]
        let wall = now.wall - previous.wall
        let cpu = wall > 0 ? max(0, now.processCPU - previous.processCPU) / wall * 100 : 0
        fields.append((key: "kernel_cpu", value: .number((cpu * 10).rounded() / 10)))
        if let memory = Self.processMemory() { fields.append((key: "kernel_memory", value: .integer(memory))) }
        if let a = previous.host, let b = now.host, b.total > a.total {
            let percent = max(0, b.busy - a.busy) / (b.total - a.total) * 100
            fields.append((key: "host_cpu_percent", value: .number((percent * 10).rounded() / 10)))
        }
        fields.append((key: "cpu_count", value: .integer(max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))))
        if let memory = Self.virtualMemory() { fields.append((key: "host_virtual_memory", value: memory)) }
        return .object(fields)
    }

    private static func sample() -> Sample {
        var wall = timespec(), cpu = timespec()
        clock_gettime(CLOCK_MONOTONIC, &wall)
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu)
        return Sample(wall: seconds(wall), processCPU: seconds(cpu), host: hostCPU())
    }

    private static func seconds(_ t: timespec) -> Double { Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The first line of /proc/stat as psutil counts it: busy is all but idle and iowait;
    /// guest time is already inside user and nice, so it is not counted twice.
    static func hostCPU() -> (busy: Double, total: Double)? {
        guard let text = ProcFile.read("/proc/stat", limit: 4096),
              let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let v = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard v.count >= 4 else { return nil }
        var total = v.reduce(0, +)
        if v.count >= 10 { total -= v[8] + v[9] } // guest, guest_nice
        let idle = v[3] + (v.count > 4 ? v[4] : 0)
        return (busy: total - idle, total: total)
    }

    static func processMemory() -> Int? {
        if let text = ProcFile.read("/proc/self/smaps_rollup", limit: 8192),
           let pss = ProcFile.kilobytes(text, field: "Pss") {
            return pss
        }
        guard let text = ProcFile.read("/proc/self/statm", limit: 256) else { return nil }
        let parts = text.split(separator: " ")
        guard parts.count > 1, let pages = Int(parts[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// psutil's `virtual_memory()` on Linux (procps `free`): cached includes SReclaimable,
    /// used is total minus available, percent is that share of total to one decimal.
    static func virtualMemory() -> JSONValue? {
        guard let text = ProcFile.read("/proc/meminfo", limit: 1 << 16),
              let total = ProcFile.kilobytes(text, field: "MemTotal"), total > 0,
              let free = ProcFile.kilobytes(text, field: "MemFree") else { return nil }
        func field(_ name: String) -> Int { ProcFile.kilobytes(text, field: name) ?? 0 }
        let cached = field("Cached") + field("SReclaimable")
        var available = ProcFile.kilobytes(text, field: "MemAvailable") ?? 0
        if available <= 0 { available = free + field("Buffers") + cached }
        if available > total { available = free }
        let percent = (Double(total - available) / Double(total) * 1000).rounded() / 10
        return [
            "total": .integer(total), "available": .integer(available), "percent": .number(percent),
            "used": .integer(total - available), "free": .integer(free), "active": .integer(field("Active")),
            "inactive": .integer(field("Inactive")), "buffers": .integer(field("Buffers")),
            "cached": .integer(cached), "shared": .integer(field("Shmem")), "slab": .integer(field("Slab")),
        ]
    }
}

/// Small reads of /proc files (whose size stat reports as 0, so read to EOF, bounded).
enum ProcFile {
    static func read(_ path: String, limit: Int) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes.prefix(limit), as: UTF8.self)
    }

    /// `Name:   123 kB` in /proc/meminfo or smaps_rollup, in bytes.
    static func kilobytes(_ text: String, field: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let value = Int(parts[1]) else { return nil }
            return value * 1024
        }
        return nil
    }
}
