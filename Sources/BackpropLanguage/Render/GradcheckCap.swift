import JSON

/// Caps the `entries` of a `gradcheck` bundle's machine-readable part.
///
/// The renderer lists every parameter there (its text and HTML tables already keep only the
/// worst 40 rows), so a 20 000-parameter network sent 20 000 entries on iopub. Applied to the
/// renderer's bundle, this keeps the failed entries first, then the largest relative errors,
/// up to `limit`, and marks the part as `NumberCap` does: `"truncated": true`, counts and a
/// note. The verdict and the maximum errors are left as the renderer computed them, over all
/// entries. (It works on the bundle so the renderer's file stays as it is.)
enum GradcheckCap {
    /// Entries kept in the machine-readable part: about 120 KB of JSON.
    static let limit = 1000

    static func capped(_ bundle: JSONValue, limit: Int = GradcheckCap.limit) -> JSONValue {
        guard let json = bundle[MIME.json], json["kind"]?.stringValue == "gradcheck",
              let entries = json["entries"]?.arrayValue, entries.count > limit else { return bundle }
        let failed = entries.filter { $0["passed"]?.boolValue != true }.count
        // Failed first, then by relative error (a NaN error, never expected, sorts as failed-worst).
        func key(_ k: Int) -> (Int, Double, Int) {
            let e = entries[k], error = e["relative_error"]?.doubleValue ?? .infinity
            return (e["passed"]?.boolValue == true ? 1 : 0, error.isNaN ? -.infinity : -error, k)
        }
        let kept = entries.indices.map(key).sorted { $0 < $1 }.prefix(max(limit, 0)).map { entries[$0.2] }
        let keptFailed = kept.filter { $0["passed"]?.boolValue != true }.count
        let omitted = entries.count - kept.count
        let omittedFailed = failed - keptFailed
        let more = "… \(omitted) more entr\(omitted == 1 ? "y" : "ies") "
            + (omittedFailed == 0 ? "(all pass)" : "(\(omittedFailed) of them failed)")
        let note = "the machine-readable part lists at most \(limit) of the \(entries.count) entries: "
            + "the failed ones first, then the largest relative errors; \(more). "
            + "The verdict and the maximum errors cover every entry"
        let capped = json.setting("entries", to: .array(kept))
            .setting("entries_count", to: .integer(entries.count))
            .setting("entries_kept", to: .integer(kept.count))
            .setting("failed_count", to: .integer(failed))
            .setting("truncated", to: true)
            .setting("truncated_values", to: [["name": "entries", "shape": [.integer(entries.count), 1],
                                                "kept": .integer(kept.count)]])
            .setting("truncated_note", to: .string(note))
        return bundle.setting(MIME.json, to: capped)
    }
}
