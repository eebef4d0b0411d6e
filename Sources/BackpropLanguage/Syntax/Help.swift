/// The help catalog: for every statement its syntax, a paragraph on what it does, its
/// options and an example that parses, all taken from the statement's declaration
/// (Statements/); the topics that are not statements are written here.
public struct HelpEntry: Sendable, Equatable {
    public var topic: String
    public var syntax: [String]
    public var summary: String
    public var example: String
    /// One line per option (name, value, what it does, default and range).
    public var options: [String] = []

    /// The entry as `help NAME` prints it.
    public var text: String {
        let optionLines = options.isEmpty ? [] : ["", "Options:"] + options.map { "  " + $0 }
        return (syntax + ["", summary] + optionLines + ["", "Example:", "    " + example.split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\n    ")]).joined(separator: "\n")
    }
}

public enum Help {
    /// Topics that are not statement keywords.
    public static let extraTopics = ["assignment", "names", "activations", "losses", "functions"]

    /// Every topic `help` accepts, statements first.
    public static let topics: [String] = Vocabulary.statements + extraTopics

    /// The entry for a topic (`=` is the assignment topic), or nil.
    public static func entry(for topic: String) -> HelpEntry? {
        let key = canonicalTopic(topic)
        return entries.first { $0.topic == key }
    }

    /// Maps a word to its topic: `=` to assignment, an activation, loss or function name
    /// to its list, any value name (W1, dL/dw212) to names.
    static func canonicalTopic(_ word: String) -> String {
        if word == "=" || word == "assign" { return "assignment" }
        if topics.contains(word) { return word }
        if Vocabulary.activations.contains(word) { return "activations" }
        if Vocabulary.losses.contains(word) { return "losses" }
        if Vocabulary.functions.contains(word) { return "functions" }
        if ValueName(word) != nil { return "names" }
        return word
    }

    /// `help` with no topic: one line per statement, then the extra topics.
    public static var overview: String {
        var lines = ["Statements (one per line; # starts a comment; `help NAME` for more):", ""]
        for entry in entries where !extraTopics.contains(entry.topic) {
            let syntax = entry.syntax.first ?? entry.topic
            let firstSentence = entry.summary.split(separator: ".").first.map { String($0) + "." } ?? ""
            lines.append("  " + syntax)
            lines += wrap(firstSentence, width: 74).map { "      " + $0 }
        }
        lines += ["", "More: help " + extraTopics.joined(separator: ", help ")]
        return lines.joined(separator: "\n")
    }

    /// Words of `text` in lines of at most `width` characters (a longer word gets its own line).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Every entry: statements in `Vocabulary.statements` order, assignment, then topics.
    public static let entries: [HelpEntry] = Statements.all.map(\.help) + [Statements.assignment.help] + topicEntries

    /// The topics that are not statements.
    static let topicEntries: [HelpEntry] = [
        HelpEntry(topic: "names", syntax: ["W1 b1 w212 b13 w[2,1,12] b[1,3] x y a2 h1 a21 h13 yhat loss dL/dNAME"],
                  summary: "Layers count from 1 (layer 0 is the input x = h0). W1 is layer 1's weight matrix and wLIJ its entry in row I, column J; bL is a bias vector and bLI one bias; aL and hL are a layer's pre-activations and activations, aLI and hLI one unit; yhat (or ŷ) is the output. Use brackets when an index has two digits: w[2,1,12]. dL/d before a name (or ∂L/∂) is its gradient.",
                  example: "show dL/dw[2,1,12]"),
        HelpEntry(topic: "activations", syntax: [Vocabulary.activations.joined(separator: " | ")],
                  summary: "Written after a layer size in net. leaky_relu has slope 0.01 below zero; softmax acts on the whole layer and uses its full Jacobian.",
                  example: "net 2 -> 3 tanh -> 1 sigmoid"),
        HelpEntry(topic: "losses", syntax: [Vocabulary.losses.joined(separator: " | ")],
                  summary: "Per example: squared_error = sum (y - yhat)^2, half_squared_error = squared_error / 2, mse = squared_error / outputs, cross_entropy = -sum y log yhat, binary_cross_entropy = -sum [y log yhat + (1-y) log(1-yhat)]. A batch's loss is the mean over its examples.",
                  example: "loss mse"),
        HelpEntry(topic: "functions", syntax: [Vocabulary.functions.joined(separator: " | ")],
                  summary: "The functions of chain expressions, each applied to one argument in parentheses.",
                  example: "chain sigmoid(w*x + b) at w = 0.5, x = 2, b = -1"),
    ]
}
