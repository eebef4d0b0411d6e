/// The characters used to draw rules and brackets in plain text.
public enum TextStyle: Sendable, Hashable {
    /// Box-drawing rules (`─`) and tall brackets (`⎡ ⎢ ⎣`): reads best in a modern
    /// terminal and in JupyterLab's text/plain view.
    case unicode
    /// `-` rules and `[ ]` brackets on every row, for ASCII-only destinations.
    case ascii
}
