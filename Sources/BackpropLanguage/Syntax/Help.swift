/// The help catalog: for every statement its syntax, a paragraph on what it does, and an
/// example that parses. `help`, inspection and the README draw on it; a test checks that
/// it covers every statement the parser accepts.
public struct HelpEntry: Sendable, Equatable {
    public var topic: String
    public var syntax: [String]
    public var summary: String
    public var example: String

    /// The entry as `help NAME` prints it.
    public var text: String {
        (syntax + ["", summary, "", "Example:", "    " + example.split(separator: "\n", omittingEmptySubsequences: false)
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
    public static let entries: [HelpEntry] = [
        HelpEntry(topic: "net", syntax: ["net N0 -> N1 [ACTIVATION] -> … -> NL [ACTIVATION]"],
                  summary: "Defines the layers of the network. The first size is the input; every later layer has a size and an activation (linear when left out). The parameters are initialised randomly from a fixed default seed so that a notebook runs the same every time. Prints a summary table of layers, activations, parameter shapes and counts. Every statement first estimates the memory it needs from the network's shape and the batch; a network too large for one step within the memory budget (about 1 GiB; the environment variable BACKPROP_MEMORY_LIMIT, e.g. 4GiB, sets it when the kernel starts) is refused with the estimate.",
                  example: "net 4 -> 4 sigmoid -> 2 softmax"),
        HelpEntry(topic: "loss", syntax: ["loss squared_error|mse|cross_entropy|binary_cross_entropy"],
                  summary: "Sets the loss (default squared_error). squared_error is the sum of squared differences without 1/2, mse divides it by the number of outputs; with softmax + cross_entropy or sigmoid + binary_cross_entropy the output gradient is computed in the fused form yhat - y.",
                  example: "loss cross_entropy"),
        HelpEntry(topic: "init", syntax: ["init xavier [seed N]", "init normal [STD] [seed N]", "init zeros"],
                  summary: "Re-initialises every parameter: xavier scales random weights by the layer sizes, normal draws them with the given standard deviation, zeros sets all to 0. The seed makes the draw repeatable.",
                  example: "init normal 0.1 seed 7"),
        HelpEntry(topic: "data", syntax: ["data \"FILE.csv\" [target COLUMN] [onehot] [normalize]"],
                  summary: "Loads examples from a CSV file relative to the notebook's directory. The target column becomes y (one-hot for class labels), the other numeric columns become x; normalize scales each input column. Prints the number of rows, columns and classes.",
                  example: "data \"iris.csv\" target species onehot"),
        HelpEntry(topic: "forward", syntax: ["forward"],
                  summary: "Runs the forward pass on x. Prints each layer's a and h, then yhat and the loss (per example when there are several, and their mean).",
                  example: "forward"),
        HelpEntry(topic: "backward", syntax: ["backward"],
                  summary: "Runs forward and then backward. Prints the gradients from the output down: dL/dyhat, dL/da for the output layer, then for each layer dL/dW, dL/db, dL/dh and dL/da of the layer below.",
                  example: "backward"),
        HelpEntry(topic: "show", syntax: ["show", "show NAME"],
                  summary: "Shows one value: a parameter (W1, b1, w212, b13), data (x, y), an activation (a2, h1, a21, h13, yhat), the loss, or a gradient (dL/dW1, dL/dw212, dL/da21). A gradient name runs a backward pass on the current state. Without a name, shows the network, its parameters and data.",
                  example: "show dL/dw212"),
        HelpEntry(topic: "explain", syntax: ["explain dL/dwLIJ [limit N] [nonzero] [factored]", "explain dL/dbLI [limit N] [nonzero] [factored]"],
                  summary: "Spells out the chain rule for one weight or bias: every path from the loss down to it as a row of local derivatives with their values and product, then the sum over paths, which equals the backward gradient. With many paths the largest are listed, up to the limit. `explain w131` means the same as `explain dL/dw131`. `nonzero` hides the paths whose product is exactly 0; `factored` also writes the sum with the shared factors pulled out, as the backward pass reuses them.",
                  example: "explain dL/dw131 factored"),
        HelpEntry(topic: "step", syntax: ["step [eta N]"],
                  summary: "One gradient-descent update of every parameter with learning rate eta (default 1). Prints each parameter's old value, gradient and new value, and the loss before and after.",
                  example: "step eta = 0.5"),
        HelpEntry(topic: "train", syntax: ["train [epochs N] [eta N] [batch N] [seed N] [until loss < N] [history \"FILE.csv\"]"],
                  summary: "Repeats forward, backward and step over the data, in mini-batches when batch is given, until the epochs (at most 100000000) are done or the loss falls below the target. Shows progress while it runs, then a loss curve and a summary. Beyond 1000 epochs the curve is downsampled (each span's first, lowest and highest loss, and the last epoch), so the output stays small; history writes every epoch's loss to a CSV file (epoch,loss). An interrupt stops it after the current step and keeps the parameters of that step.",
                  example: "train epochs 1000 eta 0.1 until loss < 0.001"),
        HelpEntry(topic: "gradcheck", syntax: ["gradcheck [eps N]"],
                  summary: "Compares every parameter's analytic gradient with a central finite difference using step eps, and prints the relative errors and a verdict.",
                  example: "gradcheck eps 1e-6"),
        HelpEntry(topic: "chain", syntax: ["chain EXPRESSION at NAME = VALUE, …"],
                  summary: "The chain rule on a scalar expression: its intermediate nodes with their values, each local derivative, the product along every path and the sum over paths for each variable, with a numerical check. Operators + - * / ^ and the functions exp, log, sqrt, sin, cos, tanh, sigmoid, relu; every variable needs a value after `at`.",
                  example: "chain x*y + sin(x) at x = 1, y = 2"),
        HelpEntry(topic: "graph", syntax: ["graph"],
                  summary: "Draws the network: units as circles, weights as edges; after a backward pass the edge widths show the gradient magnitudes.",
                  example: "graph"),
        HelpEntry(topic: "save", syntax: ["save \"FILE.json\""],
                  summary: "Writes the network, loss, parameters and data to a JSON file.",
                  example: "save \"model.json\""),
        HelpEntry(topic: "load", syntax: ["load \"FILE.json\""],
                  summary: "Reads a file written by save, replacing the network, loss, parameters and data.",
                  example: "load \"model.json\""),
        HelpEntry(topic: "precision", syntax: ["precision N"],
                  summary: "Sets how many significant digits numbers show (default 4: 0.0031594 shows as 0.003159; 0 counts as 1). A matrix or table column shares one format, with a factor such as 10⁻⁴ × when all its entries are small. Machine-readable output always keeps full precision.",
                  example: "precision 6"),
        HelpEntry(topic: "print", syntax: ["print \"TEXT\""],
                  summary: "Writes the text to standard output. Strings take the escapes \\\" \\\\ \\n \\t.",
                  example: "print \"after one step:\""),
        HelpEntry(topic: "warn", syntax: ["warn \"TEXT\""],
                  summary: "Writes the text to standard error, where the kernel's own warnings go.",
                  example: "warn \"this cell takes a while\""),
        HelpEntry(topic: "clear", syntax: ["clear"],
                  summary: "Clears the cell's output.",
                  example: "clear"),
        HelpEntry(topic: "help", syntax: ["help", "help NAME"],
                  summary: "Lists the statements, or explains one statement or topic (assignment, names, activations, losses, functions).",
                  example: "help explain"),
        HelpEntry(topic: "exit", syntax: ["exit"],
                  summary: "Ends the session: jupyter console closes and shuts the kernel down; statements after it do not run. Notebooks ignore the request (use the Kernel menu).",
                  example: "exit"),
        HelpEntry(topic: "quit", syntax: ["quit"],
                  summary: "The same as exit.",
                  example: "quit"),
        HelpEntry(topic: "assignment", syntax: ["NAME = NUMBER", "NAME = [a b; c d]", "NAME = [[a, b], [c, d]]"],
                  summary: "Sets a parameter (W1, b1, w212, b13, w[2,1,12], b[1,3], W[12], b[12]) or the data (x, y, one example per row). Matrix rows are separated by ; or line breaks and entries by spaces or commas; a sign belongs to the number right after it, so [1 -2] has two entries. One number sets every entry of a bias vector. Shapes are checked against the network.",
                  example: "W1 = [0.1 0.3; -0.3 -0.2]\nb1 = 0\nw212 = 0.9"),
        HelpEntry(topic: "names", syntax: ["W1 b1 w212 b13 w[2,1,12] b[1,3] x y a2 h1 a21 h13 yhat loss dL/dNAME"],
                  summary: "Layers count from 1 (layer 0 is the input x = h0). W1 is layer 1's weight matrix and wLIJ its entry in row I, column J; bL is a bias vector and bLI one bias; aL and hL are a layer's pre-activations and activations, aLI and hLI one unit; yhat (or ŷ) is the output. Use brackets when an index has two digits: w[2,1,12]. dL/d before a name (or ∂L/∂) is its gradient.",
                  example: "show dL/dw[2,1,12]"),
        HelpEntry(topic: "activations", syntax: [Vocabulary.activations.joined(separator: " | ")],
                  summary: "Written after a layer size in net. leaky_relu has slope 0.01 below zero; softmax acts on the whole layer and uses its full Jacobian.",
                  example: "net 2 -> 3 tanh -> 1 sigmoid"),
        HelpEntry(topic: "losses", syntax: [Vocabulary.losses.joined(separator: " | ")],
                  summary: "Per example: squared_error = sum (y - yhat)^2, mse = squared_error / outputs, cross_entropy = -sum y log yhat, binary_cross_entropy = -sum [y log yhat + (1-y) log(1-yhat)]. A batch's loss is the mean over its examples.",
                  example: "loss mse"),
        HelpEntry(topic: "functions", syntax: [Vocabulary.functions.joined(separator: " | ")],
                  summary: "The functions of chain expressions, each applied to one argument in parentheses.",
                  example: "chain sigmoid(w*x + b) at w = 0.5, x = 2, b = -1"),
    ]
}
