/// Strings and numbers: the byte-level parts of `JSONReader`.
extension JSONReader {
    /// A string starting at the opening quote. Plain runs are copied in bulk; escapes
    /// (surrogate pairs included) are decoded; raw bytes must be valid UTF-8.
    mutating func parseString() throws(JSONParseError) -> String {
        index += 1 // opening quote
        // Fast path: no escape before the closing quote, so the string is one run.
        var end = index
        while end < bytes.count {
            let b = bytes[end]
            if b == UInt8(ascii: "\""), end > index {
                let slice = UnsafeBufferPointer(rebasing: bytes[index..<end])
                let s: String
                if slice.allSatisfy({ $0 < 0x80 }) {
                    s = String(decoding: slice, as: UTF8.self)
                } else {
                    guard let valid = String(validating: slice, as: UTF8.self) else {
                        throw JSONParseError(reason: .invalidUTF8, offset: index)
                    }
                    s = valid
                }
                index = end + 1
                return s
            }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            end += 1
        }
        var result = ""
        var runStart = index
        while true {
            guard index < bytes.count else { throw fail(.unexpectedEnd) }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                try appendRun(from: runStart, to: index, into: &result)
                index += 1
                return result
            } else if b == UInt8(ascii: "\\") {
                try appendRun(from: runStart, to: index, into: &result)
                try parseEscape(into: &result)
                runStart = index
            } else if b < 0x20 {
                throw fail(.controlCharacterInString)
            } else {
                index += 1
            }
        }
    }

    /// Appends raw bytes `from..<to`, rejecting invalid UTF-8.
    func appendRun(from start: Int, to end: Int, into result: inout String) throws(JSONParseError) {
        guard end > start else { return }
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        // Fast path: ASCII needs no validation work beyond the check itself.
        if slice.allSatisfy({ $0 < 0x80 }) {
            result += String(decoding: slice, as: UTF8.self)
            return
        }
        guard let s = String(validating: slice, as: UTF8.self) else {
            throw JSONParseError(reason: .invalidUTF8, offset: start)
        }
        result += s
    }

    /// Decodes the escape at `index` (a backslash) and appends it.
    mutating func parseEscape(into result: inout String) throws(JSONParseError) {
        index += 1
        guard index < bytes.count else { throw fail(.unexpectedEnd) }
        let e = bytes[index]
        index += 1
        switch e {
        case UInt8(ascii: "\""): result += "\""
        case UInt8(ascii: "\\"): result += "\\"
        case UInt8(ascii: "/"): result += "/"
        case UInt8(ascii: "b"): result += "\u{08}"
        case UInt8(ascii: "f"): result += "\u{0C}"
        case UInt8(ascii: "n"): result += "\n"
        case UInt8(ascii: "r"): result += "\r"
        case UInt8(ascii: "t"): result += "\t"
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate pairs with a following \u low surrogate; alone it is U+FFFD,
                // and whatever follows is read on its own (a second high surrogate included).
                scalarValue = 0xFFFD
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let backslash = index
                    index += 2
                    let low = try parseHex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    } else {
                        index = backslash
                    }
                }
            } else if (0xDC00...0xDFFF).contains(unit) {
                scalarValue = 0xFFFD // a lone low surrogate
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw fail(.invalidUnicodeEscape) }
            result.unicodeScalars.append(scalar)
        default:
            index -= 1
            throw fail(.invalidEscape)
        }
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard bytes.count - index >= 4 else {
            index = bytes.count
            throw fail(.unexpectedEnd)
        }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw fail(.invalidUnicodeEscape)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`
    ///
    /// The digits are accumulated while scanning. Integers of up to 18 digits and decimals
    /// whose significand fits in 53 bits with a power of ten up to 10^22 are converted
    /// exactly here (Clinger's fast path: both factors are exact doubles, and one
    /// multiplication or division rounds correctly); anything else goes to strtod.
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var isInteger = true
        var negative = false
        if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        guard index < bytes.count else { throw fail(.unexpectedEnd) }
        var mantissa: UInt64 = 0
        var significant = 0 // digits in `mantissa`, leading zeros not counted
        var exact = true    // false once a digit did not fit in `mantissa`
        var exponent = 0
        let bytes = self.bytes
        var i = index // a local cursor in the digit loops: keeps it in a register
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else if isDigit(at: i) {
            while i < bytes.count, case let d = bytes[i] &- UInt8(ascii: "0"), d < 10 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1 // the first digit is not 0 here
                } else {
                    exact = false
                }
                i += 1
            }
        } else {
            throw fail(.invalidNumber)
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard isDigit(at: i) else { index = i; throw fail(.invalidNumber) }
            while i < bytes.count, case let d = bytes[i] &- UInt8(ascii: "0"), d < 10 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { significant += 1 } // leading zeros of 0.00123 do not count
                    exponent -= 1
                } else {
                    exact = false
                }
                i += 1
            }
        }
        index = i
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            var expNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                expNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard isDigit(at: index) else { throw fail(.invalidNumber) }
            var e = 0
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                if e < 100_000 { e = e * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
                index += 1
            }
            exponent += expNegative ? -e : e
        }
        if isInteger {
            if exact, significant <= 18 { return .integer(negative ? -Int(mantissa) : Int(mantissa)) }
            if let i = Self.parseInt(UnsafeBufferPointer(rebasing: bytes[start..<index])) { return .integer(i) }
        } else if exact, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= Self.powersOfTen[-exponent] } else { value *= Self.powersOfTen[exponent] }
            return .number(negative ? -value : value)
        }
        guard let d = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) else {
            throw JSONParseError(reason: .invalidNumber, offset: start)
        }
        return .number(d)
    }

    /// 10^0 ... 10^22, each exact as a double.
    static let powersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { a, _ in a * 10 } }

    func isDigit(at i: Int) -> Bool {
        i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")
    }

    /// Base-10 integer with overflow detection; nil when it does not fit in `Int`.
    static func parseInt(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        var negative = false
        var i = 0
        if digits.first == UInt8(ascii: "-") { negative = true; i = 1 }
        var value = 0
        while i < digits.count {
            let d = Int(digits[i] &- UInt8(ascii: "0"))
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            // Accumulate negatively so Int.min parses too.
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }
}
