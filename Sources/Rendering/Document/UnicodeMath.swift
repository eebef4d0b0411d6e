/// The plain Unicode reading of the small LaTeX the renderers write, for the places that
/// show math without typesetting it (text/plain, and text/html, which must read without
/// MathJax): `\frac{\partial L}{\partial w_{212}}` → `∂L/∂w₂₁₂`, `\hat{y}_{1}` → `ŷ₁`,
/// `10^{-7}` → `10⁻⁷`. Unknown commands lose their backslash, so no raw TeX is left.
public enum UnicodeMath {
    public static func plain(_ latex: String) -> String {
        var reader = Reader(Array(latex))
        return reader.read(until: nil)
    }

    private static let symbols: [String: String] = [
        "partial": "∂", "nabla": "∇", "sigma": "σ", "theta": "θ", "eta": "η", "cdot": "·", "times": "×",
        "sum": "∑", "infty": "∞", "leftarrow": "←", "to": "→", "approx": "≈", "quad": " ", "qquad": "  ",
        "log": "log", "exp": "exp", "sin": "sin", "cos": "cos", "tanh": "tanh", "ldots": "…", "cdots": "⋯",
        "prime": "′", "epsilon": "ε", "varepsilon": "ε", "alpha": "α", "beta": "β", "lambda": "λ", "mu": "μ",
        "checkmark": "✓", "pm": "±", "le": "≤", "ge": "≥", "ne": "≠", "mathrm": "", "text": "", "operatorname": "",
        "mathbf": "", "left": "", "right": "", "Big": "", "big": "",
    ]

    private static let operators: Set<String> = ["cdot", "times", "to", "approx", "le", "ge", "ne", "leftarrow", "pm", "quad", "qquad"]

    private struct Reader {
        let characters: [Character]
        var index = 0
        init(_ characters: [Character]) { self.characters = characters }

        /// Reads up to `end` (a closing brace) or the end of the input.
        mutating func read(until end: Character?) -> String {
            var out = ""
            while index < characters.count {
                let c = characters[index]
                if let end, c == end { index += 1; return out }
                index += 1
                switch c {
                case "{": out += read(until: "}")
                case "_": out += Script.subscript(argument())
                case "^": out += Script.superscript(argument())
                case "\\": out += command()
                case "&": continue
                default: out.append(c)
                }
            }
            return out
        }

        /// The next group `{…}` or single character.
        mutating func argument() -> String {
            guard index < characters.count else { return "" }
            if characters[index] == "{" { index += 1; return read(until: "}") }
            if characters[index] == "\\" { index += 1; return command() }
            defer { index += 1 }
            return String(characters[index])
        }

        mutating func command() -> String {
            var name = ""
            while index < characters.count, characters[index].isLetter { name.append(characters[index]); index += 1 }
            // TeX skips the spaces after a control word.
            // (Operators keep their spacing: `1.5 \times 10^{-7}` reads `1.5 × 10⁻⁷`.)
            if !name.isEmpty, !UnicodeMath.operators.contains(name) {
                while index < characters.count, characters[index] == " " { index += 1 }
            }
            if name.isEmpty {
                guard index < characters.count else { return "" }
                let c = characters[index]
                index += 1
                switch c {
                case ",", ";", ":", " ": return " "
                case "\\": return " "
                default: return String(c)
                }
            }
            switch name {
            case "frac":
                let top = argument(), bottom = argument()
                return top + "/" + bottom
            case "hat": return argument().map { String($0) + "\u{0302}" }.joined()
            case "sqrt": return "√(" + argument() + ")"
            default: return UnicodeMath.symbols[name] ?? name
            }
        }
    }
}
