/// An entity's attributes by name, in the order the broker sent them. An entity has a handful, so
/// they sit in one small array and a lookup compares names (short ones are held inline and compare
/// as two words) rather than hashing them. Equality ignores the order, as a dictionary's does.
public struct NGSIAttributes: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (name: String, attribute: NGSIAttribute)

    /// One attribute under its name. A struct, not a tuple: an array of tuples is copied through the
    /// runtime's generic witnesses, several times slower on the reader's hot path.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var attribute: NGSIAttribute
    }

    /// No name twice: adding a name that is there replaces its attribute in place.
    public private(set) var entries: [Entry]

    public init() {
        entries = []
    }

    /// The dictionary's attributes, ordered by name (a dictionary has no order of its own).
    public init(_ dictionary: [String: NGSIAttribute]) {
        entries = dictionary.sorted { $0.key < $1.key }.map { Entry(name: $0.key, attribute: $0.value) }
    }

    /// A repeated name keeps its first place and its last attribute.
    public init(dictionaryLiteral elements: (String, NGSIAttribute)...) {
        var builder = Builder(capacity: elements.count)
        for (name, attribute) in elements { builder.add(name, attribute) }
        self = builder.attributes
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var names: [String] { entries.map(\.name) }

    /// The attribute by its exact name; setting nil removes it, setting a new name appends it.
    public subscript(name: String) -> NGSIAttribute? {
        get { position(of: name).map { entries[$0].attribute } }
        set {
            if let position = position(of: name) {
                if let newValue { entries[position].attribute = newValue } else { entries.remove(at: position) }
            } else if let newValue {
                entries.append(Entry(name: name, attribute: newValue))
            }
        }
    }

    @inline(__always) func position(of name: String) -> Int? {
        // Lengths first: most names differ in length, and comparing two counts is much cheaper than a
        // String comparison that fails.
        let length = name.utf8.count
        return entries.withUnsafeBufferPointer { entries in
            var position = 0
            while position < entries.count {
                if entries[position].name.utf8.count == length, entries[position].name == name { return position }
                position += 1
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(entries: entries.makeIterator()) }

    public struct Iterator: IteratorProtocol {
        var entries: IndexingIterator<[Entry]>

        public mutating func next() -> Element? {
            entries.next().map { (name: $0.name, attribute: $0.attribute) }
        }
    }

    public static func == (a: NGSIAttributes, b: NGSIAttributes) -> Bool {
        guard a.entries.count == b.entries.count else { return false }
        // Past a few dozen names a scan per name would be quadratic: index the other side.
        if a.entries.count > Builder.scanLimit {
            var other: [String: NGSIAttribute] = [:]
            other.reserveCapacity(b.entries.count)
            for entry in b.entries { other[entry.name] = entry.attribute }
            return a.entries.allSatisfy { other[$0.name] == $0.attribute }
        }
        return a.entries.allSatisfy { b[$0.name] == $0.attribute }
    }

    /// Order-free, as equality is: the entries' own hashes summed.
    public func hash(into hasher: inout Hasher) {
        var sum = 0
        for entry in entries {
            var one = Hasher()
            one.combine(entry.name)
            one.combine(entry.attribute)
            sum &+= one.finalize()
        }
        hasher.combine(entries.count)
        hasher.combine(sum)
    }

    /// Collects attributes as a reader meets them: a repeated name keeps its first place and takes the
    /// last attribute, as the JSON tree's reading does. Beyond a few dozen names it keeps an index, so a
    /// hostile entity of a million attributes costs linear time, not quadratic.
    package struct Builder {
        static let scanLimit = 32
        package private(set) var attributes = NGSIAttributes()
        private var index: [String: Int] = [:]

        package init(capacity: Int) {
            attributes.entries.reserveCapacity(capacity)
        }

        package init(_ attributes: NGSIAttributes) {
            self.attributes = attributes
        }

        /// The attribute is consumed: the reader's fresh value moves into the array without a copy.
        package mutating func add(_ name: String, _ attribute: consuming NGSIAttribute) {
            let count = attributes.entries.count
            if count < Builder.scanLimit {
                if let position = attributes.position(of: name) {
                    attributes.entries[position].attribute = attribute
                } else {
                    attributes.entries.append(Entry(name: name, attribute: attribute))
                }
                return
            }
            if index.isEmpty {
                index.reserveCapacity(count * 2)
                for (position, entry) in attributes.entries.enumerated() { index[entry.name] = position }
            }
            if let position = index[name] {
                attributes.entries[position].attribute = attribute
            } else {
                index[name] = count
                attributes.entries.append(Entry(name: name, attribute: attribute))
            }
        }
    }
}

extension NGSIAttributes: CustomStringConvertible {
    public var description: String {
        "[" + entries.map { "\($0.name): \($0.attribute)" }.joined(separator: ", ") + "]"
    }
}
