// MARK: - Go struct decoding

/// Fills Go-like request structs from a ``GoJSON`` value with Go's type-error texts.
///
/// Go matches keys to fields case-insensitively, lets the last repeated key win, skips `null`
/// for plain fields, keeps going after a type error and reports the first one.
struct GoStructDecoder {
    /// The struct's Go name as it appears in messages, e.g. `resolveRequest`.
    let structName: String
    /// The package the struct lives in (`server`).
    var package = "server"
    /// The first type error met, in document order.
    private(set) var firstError: BodyError?

    init(structName: String) {
        self.structName = structName
    }

    /// The top-level members, or the error for a value that is not an object; `null` is an empty object.
    func members(of value: GoJSON) -> Result<[(String, GoJSON)], BodyError> {
        switch value {
        case .null: return .success([])
        case .object(let members): return .success(members)
        default:
            return .failure(BodyError(message: "json: cannot unmarshal \(value.kindName) into Go value of type \(package).\(structName)"))
        }
    }

    /// Whether a JSON key fills the field tagged `name` (Go folds case).
    static func matches(_ key: String, _ name: String) -> Bool {
        key == name || key.lowercased() == name
    }

    /// Remembers a type error for `path` (e.g. `resource.amount`) unless an earlier one is kept.
    mutating func typeError(_ value: GoJSON, path: String, goType: String) {
        guard firstError == nil else { return }
        firstError = BodyError(message: "json: cannot unmarshal \(value.kindName) into Go struct field \(structName).\(path) of type \(goType)")
    }

    /// A `string` field: the new value, or `current` for `null` and wrong types (which are recorded).
    mutating func string(_ value: GoJSON, path: String, current: String?) -> String? {
        switch value {
        case .string(let text): return text
        case .null: return current
        default:
            typeError(value, path: path, goType: "string")
            return current
        }
    }

    /// A `*float64` field: `null` clears it.
    mutating func float(_ value: GoJSON, path: String, current: Double?) -> Double? {
        switch value {
        case .number(let text): return Double(text) ?? current
        case .null: return nil
        default:
            typeError(value, path: path, goType: "float64")
            return current
        }
    }

    /// A `map[string]string` field: `null` clears it, a `null` member becomes `""`.
    mutating func stringMap(_ value: GoJSON, path: String, current: [String: String]?) -> [String: String]? {
        switch value {
        case .null: return nil
        case .object(let members):
            var map = current ?? [:]
            for (key, member) in members {
                switch member {
                case .string(let text): map[key] = text
                case .null: map[key] = map[key] ?? ""
                default: typeError(member, path: "\(path).\(key)", goType: "string")
                }
            }
            return map
        default:
            typeError(value, path: path, goType: "map[string]string")
            return current
        }
    }
}

// MARK: - Request bodies

/// The body of approve and deny (Go's `resolveRequest`).
struct ResolveBody: Sendable, Equatable {
    var resolvedBy: String?
    var note: String?

    /// Decodes as Go's `json.Decoder` would, or gives the 400 message.
    static func decode(_ value: GoJSON) -> Result<ResolveBody, BodyError> {
        var decoder = GoStructDecoder(structName: "resolveRequest")
        let members: [(String, GoJSON)]
        switch decoder.members(of: value) {
        case .success(let found): members = found
        case .failure(let error): return .failure(error)
        }
        var body = ResolveBody()
        for (key, member) in members {
            if GoStructDecoder.matches(key, "resolved_by") {
                body.resolvedBy = decoder.string(member, path: "resolved_by", current: body.resolvedBy)
            } else if GoStructDecoder.matches(key, "note") {
                body.note = decoder.string(member, path: "note", current: body.note)
            }
        }
        if let error = decoder.firstError { return .failure(error) }
        return .success(body)
    }
}
