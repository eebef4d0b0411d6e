/// How many columns text occupies in a monospace terminal, and padding by that width.
///
/// Width is counted per grapheme cluster (a `Character`): a letter with combining marks
/// is one column, East Asian wide and fullwidth characters and emoji are two, control and
/// format characters are zero. Mathematical symbols used in this project (`∂`, `∇`, `⊙`,
/// `−`, `→`, `ŷ`, Greek letters, subscript digits `₀…₉`) are one column.
///
/// ```swift
/// DisplayWidth.of("∂L/∂w₂₁₂")        // 8
/// DisplayWidth.of("損失")             // 4
/// DisplayWidth.padRight("ŷ₁", to: 4) // "ŷ₁  "
/// ```
public enum DisplayWidth {
    /// The number of terminal columns `text` occupies.
    public static func of(_ text: String) -> Int {
        var width = 0
        for character in text { width += of(character) }
        return width
    }

    /// The number of terminal columns one grapheme cluster occupies (0, 1 or 2).
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let properties = first.properties
        switch properties.generalCategory {
        case .control, .format, .nonspacingMark, .enclosingMark, .lineSeparator,
             .paragraphSeparator:
            return 0
        default:
            break
        }
        if isWide(first) { return 2 }
        if properties.isEmojiPresentation { return 2 }
        // A text-style emoji followed by VARIATION SELECTOR-16 is drawn as an emoji.
        if properties.isEmoji, character.unicodeScalars.contains("\u{FE0F}") { return 2 }
        return 1
    }

    /// `text` followed by spaces up to `width` columns (unchanged when already wider).
    public static func padRight(_ text: String, to width: Int) -> String {
        text + spaces(width - of(text))
    }

    /// Spaces followed by `text`, up to `width` columns (unchanged when already wider).
    public static func padLeft(_ text: String, to width: Int) -> String {
        spaces(width - of(text)) + text
    }

    /// `text` centred in `width` columns, any odd space going to the right.
    public static func center(_ text: String, in width: Int) -> String {
        let free = max(0, width - of(text))
        return spaces(free / 2) + text + spaces(free - free / 2)
    }

    static func spaces(_ count: Int) -> String {
        String(repeating: " ", count: max(0, count))
    }

    /// East Asian Width W or F (Unicode 15), outside the emoji blocks handled by
    /// `isEmojiPresentation`.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x1100 { return false }
        for range in wideRanges where range.contains(value) { return true }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF,
        0x1B000...0x1B2FF, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
        0x1F250...0x1F251, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
