/// XML text helpers for SVG output.
public enum XML {
    /// `text` safe as XML element content or a quoted attribute value: `& < > " '` become
    /// entity references and characters XML 1.0 forbids (most C0 controls, unpaired
    /// surrogates cannot occur in a Swift `String`, U+FFFE, U+FFFF) are dropped.
    ///
    /// ```swift
    /// XML.escape("a < b & \"c\"")  // "a &lt; b &amp; &quot;c&quot;"
    /// ```
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
