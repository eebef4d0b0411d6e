#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The line-by-line part of reading a CSV file: the header (the first line), then each
/// row's cells into flat storage, without ever splitting the whole text into lines or cells.
/// Cells are split on unquoted commas (double quotes toggle quoting and are dropped) and
/// trimmed of white space; lines end at "\n" with an optional "\r" before it.
struct CSVRows {
    typealias Failure = CSVData.Failure
    static let maxClasses = 1000
    /// A header wider than this is refused before its names are kept.
    static let maxColumns = 1 << 20

    let target: String?
    let maxNumbers: Int
    private(set) var header: [String]? = nil
    private(set) var targetIndex: Int? = nil
    private(set) var rows = 0
    var inputs: [Double] = []
    private(set) var labelValues: [Double] = []
    private(set) var labelClasses: [Int32] = []
    private(set) var labelsAreNumeric = true
    private(set) var classOrder: [String] = []
    private(set) var tooManyClasses = false
    private var classIndex: [String: Int32] = [:]
    /// The first line, kept until a non-blank line shows the file is not blank throughout.
    private var pendingHeader: [String]? = nil
    private var ticks = 0

    init(target: String?, maxNumbers: Int) {
        self.target = target
        self.maxNumbers = maxNumbers
    }

    /// One past the last byte of the file being read (for the budget check).
    private var fileEnd: UnsafePointer<UInt8>? = nil

    mutating func readLines(_ bytes: UnsafeBufferPointer<UInt8>, shouldStop: () -> Bool) throws {
        guard let base = bytes.baseAddress else {
            return // empty file: no header
        }
        fileEnd = base + bytes.count
        var start = 0
        var number = 0
        while true {
            let end: Int
            if let hit = memchr(base + start, 0x0A, bytes.count - start) {
                end = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            } else {
                end = bytes.count
            }
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            number += 1
            if number & 0x3FF == 0, shouldStop() { throw Failure.stopped }
            try line(UnsafeBufferPointer(rebasing: bytes[start..<lineEnd]), number: number, shouldStop: shouldStop)
            if end >= bytes.count { break }
            start = end + 1
        }
        // A blank first line followed only by blank lines: the file is empty (header stays nil).
        fileEnd = nil
    }

    private mutating func line(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, shouldStop: () -> Bool) throws {
        if bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil {
            throw Failure(message: "it is not UTF-8 text", isNotUTF8: true)
        }
        let blank = CSVRows.isBlank(bytes)
        if number == 1 {
            let count = CSVRows.cellCount(bytes)
            guard count <= CSVRows.maxColumns else {
                throw Failure(message: "the header has \(count) columns; the limit is \(CSVRows.maxColumns)")
            }
            var names: [String] = []
            names.reserveCapacity(count)
            CSVRows.forEachCell(bytes) { names.append($0) }
            if blank { pendingHeader = names } else { try takeHeader(names) }
            return
        }
        if number == 2, let header { try checkBudget(rowsAfter: bytes, columns: header.count) }
        guard !blank else { return }
        if header == nil, let first = pendingHeader { try takeHeader(first) }
        guard let header else { return }
        let count = CSVRows.cellCount(bytes)
        guard count == header.count else {
            throw Failure(message: "line \(number) has \(count) cells but the header has \(header.count)")
        }
        var failure: Failure? = nil
        var j = 0
        CSVRows.forEachCell(bytes) { cell in
            defer { j += 1 }
            guard failure == nil else { return }
            ticks &+= 1
            if ticks & 0xFFFF == 0, shouldStop() { failure = .stopped; return }
            if j == targetIndex { addLabel(cell); return }
            guard let v = Double(cell), v.isFinite else {
                failure = Failure(message: "line \(number), column \"\(header[j])\": \"\(cell)\" is not a number")
                return
            }
            inputs.append(v)
        }
        if let failure { throw failure }
        rows += 1
        let held = inputs.count + (targetIndex == nil ? 0 : rows)
        guard held <= maxNumbers else { throw Failure.tooManyNumbers(held, limit: maxNumbers) }
    }

    /// Refuses at once a file whose rows cannot fit the budget (10 million rows, say), before
    /// any of them is parsed: the rows are counted with memchr, blank lines not counted.
    /// `first` is the second line of the file; the count runs from it to the end of the file.
    private func checkBudget(rowsAfter first: UnsafeBufferPointer<UInt8>, columns: Int) throws {
        guard let start = first.baseAddress else { return }
        let perRow = columns // the inputs, plus one y per row when one column is the target
        guard let end = fileEnd else { return }
        var rows = 0
        var p = start
        while p < end {
            let next = memchr(p, 0x0A, end - p).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) } ?? end
            let length = next - p
            if length > 1 || (length == 1 && p.pointee != 0x0D) { rows += 1 }
            p = next + 1
        }
        let held = rows * perRow
        guard held <= maxNumbers else { throw Failure.tooManyNumbers(held, limit: maxNumbers) }
    }

    private mutating func takeHeader(_ names: [String]) throws {
        if let target {
            guard let k = names.firstIndex(of: target) else {
                let near = names.min(by: { CSVData.distance($0, target) < CSVData.distance($1, target) })
                throw Failure(message: "there is no column named \"\(target)\"; the columns are \(names.joined(separator: ", "))"
                              + (near.map { CSVData.distance($0, target) <= 2 ? " (did you mean \"\($0)\"?)" : "" } ?? ""),
                              pointsAtTarget: true)
            }
            targetIndex = k
        }
        header = names
    }

    private mutating func addLabel(_ label: String) {
        if let v = Double(label) { labelValues.append(v) } else { labelValues.append(0); labelsAreNumeric = false }
        if let c = classIndex[label] {
            labelClasses.append(c)
        } else if classOrder.count < CSVRows.maxClasses {
            let c = Int32(classOrder.count)
            classIndex[label] = c
            classOrder.append(label)
            labelClasses.append(c)
        } else {
            tooManyClasses = true
            labelClasses.append(0)
        }
    }

    // MARK: - Bytes

    static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

    /// True when the line is only white space (Unicode white space included).
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.allSatisfy(isASCIISpace) { return true }
        guard bytes.contains(where: { $0 >= 0x80 }) else { return false }
        return String(decoding: bytes, as: UTF8.self).allSatisfy(\.isWhitespace)
    }

    static func cellCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 1, quoted = false
        for b in bytes {
            if b == 0x22 { quoted.toggle() } else if b == 0x2C, !quoted { count += 1 }
        }
        return count
    }

    /// Calls `body` with each cell, quotes removed and white space trimmed.
    static func forEachCell(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (String) -> Void) {
        var cell: [UInt8] = []
        var quoted = false
        for b in bytes {
            if b == 0x22 { quoted.toggle(); continue }
            if b == 0x2C, !quoted {
                body(trimmedCell(cell))
                cell.removeAll(keepingCapacity: true)
                continue
            }
            cell.append(b)
        }
        body(trimmedCell(cell))
    }

    static func trimmedCell(_ cell: [UInt8]) -> String {
        guard cell.allSatisfy({ $0 < 0x80 }) else { return String(decoding: cell, as: UTF8.self).trimmed }
        var lo = 0, hi = cell.count
        while lo < hi, isASCIISpace(cell[lo]) { lo += 1 }
        while hi > lo, isASCIISpace(cell[hi - 1]) { hi -= 1 }
        return String(decoding: cell[lo..<hi], as: UTF8.self)
    }
}
