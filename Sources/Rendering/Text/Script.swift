/// Unicode subscript and superscript forms, for names such as `w₂₁₂`, `h₁₃`, `Wᵀ`, `10⁻³`.
///
/// Characters without such a form are kept as they are, so the result always contains
/// the whole input.
///
/// ```swift
/// Script.subscript("212")   // "₂₁₂"
/// Script.superscript("-3")  // "⁻³"
/// Script.superscript("T")   // "ᵀ"
/// ```
public enum Script {
    /// `text` with digits, `+ - − = ( )` and the letters that have one
    /// (a e h i j k l m n o p r s t u v x) in subscript form.
    public static func `subscript`(_ text: String) -> String {
        String(text.map { subscripts[$0] ?? $0 })
    }

    /// `text` with digits, `+ - − = ( )`, most lowercase letters and `T` in superscript
    /// form.
    public static func superscript(_ text: String) -> String {
        String(text.map { superscripts[$0] ?? $0 })
    }

    private static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇",
        "8": "₈", "9": "₉", "+": "₊", "-": "₋", "\u{2212}": "₋", "=": "₌", "(": "₍", ")": "₎",
        "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ",
        "n": "ₙ", "o": "ₒ", "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ",
        "x": "ₓ",
    ]

    private static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷",
        "8": "⁸", "9": "⁹", "+": "⁺", "-": "⁻", "\u{2212}": "⁻", "=": "⁼", "(": "⁽", ")": "⁾",
        "a": "ᵃ", "b": "ᵇ", "c": "ᶜ", "d": "ᵈ", "e": "ᵉ", "f": "ᶠ", "g": "ᵍ", "h": "ʰ",
        "i": "ⁱ", "j": "ʲ", "k": "ᵏ", "l": "ˡ", "m": "ᵐ", "n": "ⁿ", "o": "ᵒ", "p": "ᵖ",
        "r": "ʳ", "s": "ˢ", "t": "ᵗ", "u": "ᵘ", "v": "ᵛ", "w": "ʷ", "x": "ˣ", "y": "ʸ",
        "z": "ᶻ", "T": "ᵀ",
    ]
}
