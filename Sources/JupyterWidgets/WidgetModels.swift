import JSON

// The models of ipywidgets 8 that this module implements, with every attribute of the v8
// schema (packages/schema/jupyterwidgetmodels.latest.json in jupyter-widgets/ipywidgets) and
// its default: front ends expect the full state, and JupyterLab's manager fails on missing
// keys. Tests/JupyterWidgetsTests checks this table against a copy of that schema.
// `layout` and `style` references are filled with the widgets made alongside.
extension WidgetModel {
    public static let layout = WidgetModel(
        model: ("LayoutModel", "@jupyter-widgets/base", "2.0.0"), view: ("LayoutView", "@jupyter-widgets/base", "2.0.0"),
        attributes: [
            Attribute("align_content", .string, .null, nullable: true, oneOf: ["flex-start", "flex-end", "center", "space-between", "space-around", "space-evenly", "stretch", "inherit", "initial", "unset"]),
            Attribute("align_items", .string, .null, nullable: true, oneOf: ["flex-start", "flex-end", "center", "baseline", "stretch", "inherit", "initial", "unset"]),
            Attribute("align_self", .string, .null, nullable: true, oneOf: ["auto", "flex-start", "flex-end", "center", "baseline", "stretch", "inherit", "initial", "unset"]),
            Attribute("border_bottom", .string, .null, nullable: true),
            Attribute("border_left", .string, .null, nullable: true),
            Attribute("border_right", .string, .null, nullable: true),
            Attribute("border_top", .string, .null, nullable: true),
            Attribute("bottom", .string, .null, nullable: true),
            Attribute("display", .string, .null, nullable: true),
            Attribute("flex", .string, .null, nullable: true),
            Attribute("flex_flow", .string, .null, nullable: true),
            Attribute("grid_area", .string, .null, nullable: true),
            Attribute("grid_auto_columns", .string, .null, nullable: true),
            Attribute("grid_auto_flow", .string, .null, nullable: true, oneOf: ["column", "row", "row dense", "column dense", "inherit", "initial", "unset"]),
            Attribute("grid_auto_rows", .string, .null, nullable: true),
            Attribute("grid_column", .string, .null, nullable: true),
            Attribute("grid_gap", .string, .null, nullable: true),
            Attribute("grid_row", .string, .null, nullable: true),
            Attribute("grid_template_areas", .string, .null, nullable: true),
            Attribute("grid_template_columns", .string, .null, nullable: true),
            Attribute("grid_template_rows", .string, .null, nullable: true),
            Attribute("height", .string, .null, nullable: true),
            Attribute("justify_content", .string, .null, nullable: true, oneOf: ["flex-start", "flex-end", "center", "space-between", "space-around", "inherit", "initial", "unset"]),
            Attribute("justify_items", .string, .null, nullable: true, oneOf: ["flex-start", "flex-end", "center", "inherit", "initial", "unset"]),
            Attribute("left", .string, .null, nullable: true),
            Attribute("margin", .string, .null, nullable: true),
            Attribute("max_height", .string, .null, nullable: true),
            Attribute("max_width", .string, .null, nullable: true),
            Attribute("min_height", .string, .null, nullable: true),
            Attribute("min_width", .string, .null, nullable: true),
            Attribute("object_fit", .string, .null, nullable: true, oneOf: ["contain", "cover", "fill", "scale-down", "none"]),
            Attribute("object_position", .string, .null, nullable: true),
            Attribute("order", .string, .null, nullable: true),
            Attribute("overflow", .string, .null, nullable: true),
            Attribute("padding", .string, .null, nullable: true),
            Attribute("right", .string, .null, nullable: true),
            Attribute("top", .string, .null, nullable: true),
            Attribute("visibility", .string, .null, nullable: true, oneOf: ["visible", "hidden", "inherit", "initial", "unset"]),
            Attribute("width", .string, .null, nullable: true),
        ])

    public static let floatSlider = WidgetModel(
        model: ("FloatSliderModel", "@jupyter-widgets/controls", "2.0.0"), view: ("FloatSliderView", "@jupyter-widgets/controls", "2.0.0"),
        attributes: [
            Attribute("_dom_classes", .array, .array([])),
            Attribute("behavior", .string, .string("drag-tap"), oneOf: ["drag-tap", "drag-snap", "tap", "drag", "snap"]),
            Attribute("continuous_update", .bool, .bool(true)),
            Attribute("description", .string, .string("")),
            Attribute("description_allow_html", .bool, .bool(false)),
            Attribute("disabled", .bool, .bool(false)),
            Attribute("layout", .reference, .null),
            Attribute("max", .float, .number(100.0)),
            Attribute("min", .float, .number(0.0)),
            Attribute("orientation", .string, .string("horizontal"), oneOf: ["horizontal", "vertical"]),
            Attribute("readout", .bool, .bool(true)),
            Attribute("readout_format", .string, .string(".2f")),
            Attribute("step", .float, .number(0.1), nullable: true),
            Attribute("style", .reference, .null),
            Attribute("tabbable", .bool, .null, nullable: true),
            Attribute("tooltip", .string, .null, nullable: true),
            Attribute("value", .float, .number(0.0)),
        ])

    public static let intSlider = WidgetModel(
        model: ("IntSliderModel", "@jupyter-widgets/controls", "2.0.0"), view: ("IntSliderView", "@jupyter-widgets/controls", "2.0.0"),
        attributes: [
            Attribute("_dom_classes", .array, .array([])),
            Attribute("behavior", .string, .string("drag-tap"), oneOf: ["drag-tap", "drag-snap", "tap", "drag", "snap"]),
            Attribute("continuous_update", .bool, .bool(true)),
            Attribute("description", .string, .string("")),
            Attribute("description_allow_html", .bool, .bool(false)),
            Attribute("disabled", .bool, .bool(false)),
            Attribute("layout", .reference, .null),
            Attribute("max", .int, .integer(100)),
            Attribute("min", .int, .integer(0)),
            Attribute("orientation", .string, .string("horizontal"), oneOf: ["horizontal", "vertical"]),
            Attribute("readout", .bool, .bool(true)),
            Attribute("readout_format", .string, .string("d")),
            Attribute("step", .int, .integer(1)),
            Attribute("style", .reference, .null),
            Attribute("tabbable", .bool, .null, nullable: true),
            Attribute("tooltip", .string, .null, nullable: true),
            Attribute("value", .int, .integer(0)),
        ])

    public static let sliderStyle = WidgetModel(
        model: ("SliderStyleModel", "@jupyter-widgets/controls", "2.0.0"), view: ("StyleView", "@jupyter-widgets/base", "2.0.0"),
        attributes: [
            Attribute("description_width", .string, .string("")),
            Attribute("handle_color", .string, .null, nullable: true),
        ])

    public static let button = WidgetModel(
        model: ("ButtonModel", "@jupyter-widgets/controls", "2.0.0"), view: ("ButtonView", "@jupyter-widgets/controls", "2.0.0"),
        attributes: [
            Attribute("_dom_classes", .array, .array([])),
            Attribute("button_style", .string, .string(""), oneOf: ["primary", "success", "info", "warning", "danger", ""]),
            Attribute("description", .string, .string("")),
            Attribute("disabled", .bool, .bool(false)),
            Attribute("icon", .string, .string("")),
            Attribute("layout", .reference, .null),
            Attribute("style", .reference, .null),
            Attribute("tabbable", .bool, .null, nullable: true),
            Attribute("tooltip", .string, .null, nullable: true),
        ])

    public static let buttonStyle = WidgetModel(
        model: ("ButtonStyleModel", "@jupyter-widgets/controls", "2.0.0"), view: ("StyleView", "@jupyter-widgets/base", "2.0.0"),
        attributes: [
            Attribute("button_color", .string, .null, nullable: true),
            Attribute("font_family", .string, .null, nullable: true),
            Attribute("font_size", .string, .null, nullable: true),
            Attribute("font_style", .string, .null, nullable: true),
            Attribute("font_variant", .string, .null, nullable: true),
            Attribute("font_weight", .string, .null, nullable: true),
            Attribute("text_color", .string, .null, nullable: true),
            Attribute("text_decoration", .string, .null, nullable: true),
        ])

    public static let label = WidgetModel(
        model: ("LabelModel", "@jupyter-widgets/controls", "2.0.0"), view: ("LabelView", "@jupyter-widgets/controls", "2.0.0"),
        attributes: [
            Attribute("_dom_classes", .array, .array([])),
            Attribute("description", .string, .string("")),
            Attribute("description_allow_html", .bool, .bool(false)),
            Attribute("layout", .reference, .null),
            Attribute("placeholder", .string, .string("\u{200B}")),
            Attribute("style", .reference, .null),
            Attribute("tabbable", .bool, .null, nullable: true),
            Attribute("tooltip", .string, .null, nullable: true),
            Attribute("value", .string, .string("")),
        ])

    public static let labelStyle = WidgetModel(
        model: ("LabelStyleModel", "@jupyter-widgets/controls", "2.0.0"), view: ("StyleView", "@jupyter-widgets/base", "2.0.0"),
        attributes: [
            Attribute("background", .string, .null, nullable: true),
            Attribute("description_width", .string, .string("")),
            Attribute("font_family", .string, .null, nullable: true),
            Attribute("font_size", .string, .null, nullable: true),
            Attribute("font_style", .string, .null, nullable: true),
            Attribute("font_variant", .string, .null, nullable: true),
            Attribute("font_weight", .string, .null, nullable: true),
            Attribute("text_color", .string, .null, nullable: true),
            Attribute("text_decoration", .string, .null, nullable: true),
        ])

    public static let html = WidgetModel(
        model: ("HTMLModel", "@jupyter-widgets/controls", "2.0.0"), view: ("HTMLView", "@jupyter-widgets/controls", "2.0.0"),
        attributes: [
            Attribute("_dom_classes", .array, .array([])),
            Attribute("description", .string, .string("")),
            Attribute("description_allow_html", .bool, .bool(false)),
            Attribute("layout", .reference, .null),
            Attribute("placeholder", .string, .string("\u{200B}")),
            Attribute("style", .reference, .null),
            Attribute("tabbable", .bool, .null, nullable: true),
            Attribute("tooltip", .string, .null, nullable: true),
            Attribute("value", .string, .string("")),
        ])

    public static let htmlStyle = WidgetModel(
        model: ("HTMLStyleModel", "@jupyter-widgets/controls", "2.0.0"), view: ("StyleView", "@jupyter-widgets/base", "2.0.0"),
        attributes: [
            Attribute("background", .string, .null, nullable: true),
            Attribute("description_width", .string, .string("")),
            Attribute("font_size", .string, .null, nullable: true),
            Attribute("text_color", .string, .null, nullable: true),
        ])

    public static let hBox = WidgetModel(
        model: ("HBoxModel", "@jupyter-widgets/controls", "2.0.0"), view: ("HBoxView", "@jupyter-widgets/controls", "2.0.0"),
        attributes: [
            Attribute("_dom_classes", .array, .array([])),
            Attribute("box_style", .string, .string(""), oneOf: ["success", "info", "warning", "danger", ""]),
            Attribute("children", .array, .array([])),
            Attribute("layout", .reference, .null),
            Attribute("tabbable", .bool, .null, nullable: true),
            Attribute("tooltip", .string, .null, nullable: true),
        ])

    public static let vBox = WidgetModel(
        model: ("VBoxModel", "@jupyter-widgets/controls", "2.0.0"), view: ("VBoxView", "@jupyter-widgets/controls", "2.0.0"),
        attributes: [
            Attribute("_dom_classes", .array, .array([])),
            Attribute("box_style", .string, .string(""), oneOf: ["success", "info", "warning", "danger", ""]),
            Attribute("children", .array, .array([])),
            Attribute("layout", .reference, .null),
            Attribute("tabbable", .bool, .null, nullable: true),
            Attribute("tooltip", .string, .null, nullable: true),
        ])

    public static let output = WidgetModel(
        model: ("OutputModel", "@jupyter-widgets/output", "1.0.0"), view: ("OutputView", "@jupyter-widgets/output", "1.0.0"),
        attributes: [
            Attribute("_dom_classes", .array, .array([])),
            Attribute("layout", .reference, .null),
            Attribute("msg_id", .string, .string("")),
            Attribute("outputs", .array, .array([])),
            Attribute("tabbable", .bool, .null, nullable: true),
            Attribute("tooltip", .string, .null, nullable: true),
        ])
}
