import JSON

/// One attribute of a widget model's state, as the v8 schema gives it.
public struct Attribute: Sendable {
    public enum Kind: Sendable { case string, float, int, bool, array, object, reference }
    public let name: String
    public let kind: Kind
    public let defaultValue: JSONValue
    public let nullable: Bool
    /// The allowed strings, when the schema gives an enum.
    public let oneOf: [String]?

    init(_ name: String, _ kind: Kind, _ defaultValue: JSONValue, nullable: Bool = false, oneOf: [String]? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.nullable = nullable
        self.oneOf = oneOf
    }

    /// `value` as this attribute stores it, or nil when it is not an allowed value (wrong
    /// type, a non-finite number, a string outside the enum).
    func accept(_ value: JSONValue) -> JSONValue? {
        if value.isNull { return nullable ? .null : nil }
        switch kind {
        case .float:
            guard let d = value.doubleValue, d.isFinite else { return nil }
            return .number(d)
        case .int:
            guard let i = value.intValue else { return nil }
            return .integer(i)
        case .bool: return value.boolValue.map { .bool($0) }
        case .string:
            guard let s = value.stringValue else { return nil }
            if let oneOf, !oneOf.contains(s) { return nil }
            return value
        case .array: return value.arrayValue == nil ? nil : value
        case .object: return value.objectValue == nil ? nil : value
        case .reference:
            guard let s = value.stringValue, s.hasPrefix(Widget.referencePrefix) else { return nil }
            return value
        }
    }
}

/// A widget model: the front-end classes to instantiate and the state attributes.
public struct WidgetModel: Sendable {
    public let modelName: String
    public let modelModule: String
    public let modelModuleVersion: String
    public let viewName: String
    public let viewModule: String
    public let viewModuleVersion: String
    /// Every attribute but the six `_model_*` / `_view_*` keys, in schema order.
    public let attributes: [Attribute]
    /// True for a model known only from a front end's state: any value is kept as it comes.
    public let acceptsAnyValue: Bool

    init(model: (String, String, String), view: (String, String, String), attributes: [Attribute],
         acceptsAnyValue: Bool = false) {
        (modelName, modelModule, modelModuleVersion) = model
        (viewName, viewModule, viewModuleVersion) = view
        self.attributes = attributes
        self.acceptsAnyValue = acceptsAnyValue
    }

    public func attribute(_ name: String) -> Attribute? { attributes.first { $0.name == name } }

    /// The six keys that name the front-end classes (immutable).
    var identity: [(key: String, value: JSONValue)] {
        [("_model_module", .string(modelModule)), ("_model_module_version", .string(modelModuleVersion)),
         ("_model_name", .string(modelName)), ("_view_module", .string(viewModule)),
         ("_view_module_version", .string(viewModuleVersion)), ("_view_name", .string(viewName))]
    }

    /// The style model a widget of this model references, if it has a `style` attribute.
    var styleModel: WidgetModel? {
        guard attribute("style") != nil else { return nil }
        switch modelName {
        case "FloatSliderModel", "IntSliderModel": return .sliderStyle
        case "ButtonModel": return .buttonStyle
        case "HTMLModel": return .htmlStyle
        default: return .labelStyle
        }
    }

    /// The name ipywidgets' repr uses: "FloatSlider" for "FloatSliderModel".
    var shortName: String { modelName.hasSuffix("Model") ? String(modelName.dropLast(5)) : modelName }

    /// A model known only by the state a front end sent (a widget created in the browser):
    /// its keys are kept as they come.
    static func adopted(from state: JSONValue) -> WidgetModel {
        func s(_ key: String) -> String { state[key]?.stringValue ?? "" }
        let attributes = (state.objectValue ?? []).filter { !$0.key.hasPrefix("_model_") && !$0.key.hasPrefix("_view_") }
            .map { Attribute($0.key, .string, $0.value, nullable: true) }
        return WidgetModel(model: (s("_model_name"), s("_model_module"), s("_model_module_version")),
                           view: (s("_view_name"), s("_view_module"), s("_view_module_version")), attributes: attributes,
                           acceptsAnyValue: true)
    }

    /// Every model of the catalogue (WidgetModels.swift).
    public static let known: [WidgetModel] = [
        .layout, .floatSlider, .intSlider, .sliderStyle, .button, .buttonStyle, .label, .labelStyle, .html,
        .htmlStyle, .hBox, .vBox, .output,
    ]
}
