import JSON

/// `kernel_info_reply` content, built once at start-up (so the control thread never
/// needs to touch the language object).
func kernelInfoContent(_ info: LanguageInfo) -> JSONValue {
    [
        "status": "ok",
        "protocol_version": .string(MessageHeader.protocolVersion),
        "implementation": .string(info.implementation),
        "implementation_version": .string(info.implementationVersion),
        "language_info": [
            "name": .string(info.name),
            "version": .string(info.version),
            "mimetype": .string(info.mimetype),
            "file_extension": .string(info.fileExtension),
            "pygments_lexer": .string(info.pygmentsLexer),
            "codemirror_mode": .string(info.codemirrorMode),
            "nbconvert_exporter": "script",
        ],
        "banner": .string(info.banner),
        "help_links": .array(info.helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
        "debugger": false,
        // JEP 65: clients may wait for iopub_welcome; JEP 91: create_subshell_request works.
        "supported_features": ["iopub_welcome", "kernel subshells"],
    ]
}
