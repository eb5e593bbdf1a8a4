/// Reading a broker's page of entities straight from its bytes into `NGSIEntity` values: members are
/// sorted into id, type and attributes as they come, attribute objects into type, value and metadata,
/// with no JSON tree built for the entities and attributes on the way. The common shape (a list of
/// entity objects) takes this path; anything else, and any entity it cannot place, is read through
/// the JSON tree by `list(_:format:)`, so both give the same values and the same errors.
extension NGSIEntity {
    /// The entities of a query's page or a notification's list.
    /// - Throws: `JSONParseError` when the bytes are not JSON, `NGSIError` when the JSON is not a list
    ///   of entities.
    public static func list(bytes: some Collection<UInt8>, format: NGSIFormat) throws -> [NGSIEntity] {
        let fast: Result<[NGSIEntity]?, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            var reader = Cursor(bytes: buffer)
            do throws(JSONParseError) {
                return .success(try reader.entityList(format: format))
            } catch {
                return .failure(error)
            }
        }
        if let entities = try fast?.get() { return entities }
        return try list(JSONParser.parse(bytes), format: format)
    }
}

extension Cursor {
    /// The entities when the document is a list of plain entity objects; nil for any other shape.
    mutating func entityList(format: NGSIFormat) throws(JSONParseError) -> [NGSIEntity]? {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var entities: [NGSIEntity] = []
        // Room for as many attributes as the entity before had: a page's entities are alike.
        var room = 8
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
                let start = index
                guard let entity = try entity(format: format, room: room) else { return nil }
                room = max(entity.attributes.count, 1)
                if entities.isEmpty {
                    // A page's entities are much alike: the first one's size tells how many the rest hold,
                    // which saves a dozen copies of a growing list. At most one slot per 64 bytes.
                    entities.reserveCapacity((bytes.count - start) / max(index - start + 1, 64) + 1)
                }
                entities.append(entity)
                skipSpace()
                guard index < bytes.count else { throw error("expected ',' or ']' in a list, found \(found)") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    break
                }
                throw error("expected ',' or ']' in a list, found \(found)")
            }
        }
        skipSpace()
        if index < bytes.count {
            throw error("expected the end of the document after the top-level value, found \(found)")
        }
        return entities
    }

    /// The next member's name (the cursor on its opening quote), and the cursor past its ':'.
    mutating func memberName() throws(JSONParseError) -> Key {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw error("expected a member name in quotes, found \(found)")
        }
        let key: Key
        if let reserved = reservedKey() {
            key = reserved
        } else if let plain = plainKey() {
            key = Key(plain) ?? .other(names.string(plain))
        } else {
            key = .other(try string())
        }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw error("expected ':' after the member name \"\(key.name)\", found \(found)")
        }
        index += 1
        skipSpace()
        return key
    }

    /// `"id"`, `"type"`, `"value"` or `"metadata"` (the cursor on the opening quote), told by comparing a
    /// word or two with the quotes included, and the cursor past it; nil, the cursor unmoved, for any other
    /// name. Most of a page's names are these: the scan and the switch `Key.init` does are skipped.
    @inline(__always) mutating func reservedKey() -> Key? {
        guard index + 8 <= bytes.count, let base = bytes.baseAddress else { return nil }
        let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
        // The little-endian words of `"type"`, `"value"`, `"id"` and `"metadat` (JSONStringScanTests).
        if word & 0xFFFF_FFFF_FFFF == 0x2265_7079_7422 {
            index += 6
            return .type
        }
        if word & 0xFF_FFFF_FFFF_FFFF == 0x22_6575_6C61_7622 {
            index += 7
            return .value
        }
        if word & 0xFFFF_FFFF == 0x2264_6922 {
            index += 4
            return .id
        }
        if word == 0x7461_6461_7465_6D22, index + 10 <= bytes.count, base[index + 8] == UInt8(ascii: "a"),
            base[index + 9] == UInt8(ascii: "\"")
        {
            index += 10
            return .metadata
        }
        return nil
    }

    /// After a member's value: true at the object's end, false before the next member.
    mutating func afterMember(_ key: Key) throws(JSONParseError) -> Bool {
        skipSpace()
        guard index < bytes.count else { throw error("expected ',' or '}' in an object, found \(found)") }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            skipSpace()
            return false
        }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            return true
        }
        throw error("expected ',' or '}' after the member \"\(key.name)\", found \(found)")
    }

    /// One entity object; nil when it is not a plain entity (a GeoJSON Feature, no id or type).
    mutating func entity(format: NGSIFormat, room: Int) throws(JSONParseError) -> NGSIEntity? {
        index += 1
        skipSpace()
        var id: String?
        var type: String?
        var attributes = NGSIAttributes.Builder(capacity: room)
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        while true {
            let key = try memberName()
            switch key {
            case .id:
                guard let text = try value(depth: 2).string else { return nil }
                id = text
            case .type:
                if let text = sharedString() {
                    type = text
                } else {
                    let value = try value(depth: 2)
                    type = value.string ?? value.array?.first?.string
                }
            case .context:
                _ = try value(depth: 2)
            case .other(let name):
                attributes.add(name, try attribute(format: format))
            default:
                attributes.add(key.name, try attribute(format: format))
            }
            if try afterMember(key) { break }
        }
        guard let id, !id.isEmpty, let type, !type.isEmpty, type != "Feature" else { return nil }
        return NGSIEntity(id: id, type: type, attributes: attributes.attributes)
    }

    /// One attribute: a normalized object read into its parts, or a plain value.
    mutating func attribute(format: NGSIFormat) throws(JSONParseError) -> NGSIAttribute {
        let start = index
        guard format == .normalized, index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            return NGSIAttribute(value: NGSIAttribute.unwrapTyped(try value(depth: 2)))
        }
        index += 1
        skipSpace()
        var type: String?
        var value: JSONValue?
        var metadata = JSONObject()
        if index < bytes.count, bytes[index] != UInt8(ascii: "}") {
            while true {
                let key = try memberName()
                switch key {
                case .type:
                    if let text = sharedString() { type = text } else { type = try self.value(depth: 3).string }
                case .value, .object, .languageMap, .vocab, .json:
                    value = try self.value(depth: 3)
                case .metadata:
                    // `"metadata": {}` (most attributes) is skipped, not read into an empty object; it still
                    // replaces members met before it, as in the tree's reading.
                    if skipEmptyObject() {
                        metadata = JSONObject()
                    } else if case .object(let meta) = try self.value(depth: 3) {
                        metadata = meta
                    }
                default:
                    metadata.members.append(JSONObject.Member(key: key.name, value: try self.value(depth: 3)))
                }
                if try afterMember(key) { break }
            }
        } else {
            index += 1
        }
        guard let value else {
            // Not in normalized form (a provider mixing the two): the object itself is the value.
            let end = index
            index = start
            let plain = try self.value(depth: 2)
            index = end
            return NGSIAttribute(value: NGSIAttribute.unwrapTyped(plain))
        }
        return NGSIAttribute(type: type, value: NGSIAttribute.unwrapTyped(value), metadata: metadata)
    }

    /// Past `{}` (spaces inside allowed) when the cursor is on one; false, the cursor unmoved, otherwise.
    mutating func skipEmptyObject() -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return false }
        var end = index + 1
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x0A || bytes[end] == 0x0D || bytes[end] == 0x09 {
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "}") else { return false }
        index = end + 1
        return true
    }

    /// A string value without escapes (an entity's or attribute's type), shared with the earlier ones of
    /// the same bytes; nil, the cursor unmoved, when the value is not such a string.
    mutating func sharedString() -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let plain = plainKey() else { return nil }
        return names.string(plain)
    }

    /// The member names the reader sorts by, recognised from their bytes without making a string.
    enum Key {
        case id, type, context, value, object, languageMap, vocab, json, metadata
        case other(String)

        /// The reserved name the bytes spell; nil for any other (an attribute's name).
        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            switch bytes.count {
            case 2 where Key.equal(bytes, "id"): self = .id
            case 4 where Key.equal(bytes, "type"): self = .type
            case 4 where Key.equal(bytes, "json"): self = .json
            case 5 where Key.equal(bytes, "value"): self = .value
            case 5 where Key.equal(bytes, "vocab"): self = .vocab
            case 6 where Key.equal(bytes, "object"): self = .object
            case 8 where Key.equal(bytes, "@context"): self = .context
            case 8 where Key.equal(bytes, "metadata"): self = .metadata
            case 11 where Key.equal(bytes, "languageMap"): self = .languageMap
            default: return nil
            }
        }

        @inline(__always) static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
            let start = word.utf8Start
            for offset in 0..<bytes.count where bytes[offset] != start[offset] { return false }
            return true
        }

        var name: String {
            switch self {
            case .id: "id"
            case .type: "type"
            case .context: "@context"
            case .value: "value"
            case .object: "object"
            case .languageMap: "languageMap"
            case .vocab: "vocab"
            case .json: "json"
            case .metadata: "metadata"
            case .other(let name): name
            }
        }
    }
}
