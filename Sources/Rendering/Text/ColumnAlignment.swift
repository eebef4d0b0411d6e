/// How the cells of a table column line up.
public enum ColumnAlignment: Sendable, Hashable {
    case left
    case right
    case center
    /// Numbers aligned on the decimal point (integers end where the point would be;
    /// cells without digits, such as `NaN` or `∞`, are right-aligned). In HTML this is
    /// right alignment with tabular figures.
    case decimal
}
