/// Where phrases (文節) start in a text, by a BudouX model: a sum of weights of the characters and
/// character pairs and triples around each gap, compared with half of all the model's weights.
///
/// A plain value: load it once (`bundled(for:)` or `init(json:)`), then ask it as often as you like,
/// from any thread. The scores are integers, so the answer is exactly BudouX's.
///
/// ```swift
/// let model = PhraseModel.bundled(for: "ja")
/// model?.phrases(in: "余震に注意してください")  // ["余震に", "注意してください"]
/// ```
public struct PhraseModel: Sendable {
    /// Scalar → vocabulary id (from 1); a scalar the model never mentions has no id and no weight.
    private let vocabulary: [UInt32: UInt16]
    /// The single-character weights, `Feature.unigrams.count` rows of `vocabularySize` ids.
    private let unigrams: [Int32]
    private let vocabularySize: Int
    /// The pair and triple weights, keyed by `ngramKey`.
    private let ngrams: [UInt64: Int32]
    /// Twice a gap's score must exceed this (the sum of every weight) for a phrase to start there.
    private let threshold: Int

    /// Reads a model file: a JSON object of BudouX features (`UW1`…`UW6`, `BW1`…`BW3`, `TW1`…`TW4`),
    /// each an object from one, two or three characters to an integer weight.
    public init(json: [UInt8]) throws(PhraseModelError) {
        var reader = ModelFileReader(json)
        var vocabulary: [UInt32: UInt16] = [:]
        var entries: [(feature: Feature, ids: [UInt16], weight: Int32)] = []
        var total = 0
        for (name, weights) in try reader.features() {
            guard let feature = Feature(name: name) else {
                throw PhraseModelError(code: .unknownFeature, detail: "'\(name)'")
            }
            for (characters, weight) in weights {
                let scalars = Array(characters.unicodeScalars)
                guard scalars.count == feature.length else {
                    throw PhraseModelError(
                        code: .wrongLength,
                        detail: "\(name) '\(characters)' has \(scalars.count) characters, expected \(feature.length)")
                }
                guard let weight = Int32(exactly: weight), abs(weight) < 1 << 24 else {
                    throw PhraseModelError(code: .weightOutOfRange, detail: "\(name) '\(characters)': \(weight)")
                }
                var ids: [UInt16] = []
                for scalar in scalars {
                    if let id = vocabulary[scalar.value] {
                        ids.append(id)
                    } else {
                        guard vocabulary.count < Int(UInt16.max) else {
                            throw PhraseModelError(code: .tooManyCharacters, detail: "\(vocabulary.count)")
                        }
                        let id = UInt16(vocabulary.count + 1)
                        vocabulary[scalar.value] = id
                        ids.append(id)
                    }
                }
                entries.append((feature, ids, weight))
                total += Int(weight)
            }
        }
        let size = vocabulary.count + 1
        var unigrams = [Int32](repeating: 0, count: Feature.unigrams.count * size)
        var ngrams: [UInt64: Int32] = [:]
        for entry in entries {
            if entry.feature.length == 1 {
                unigrams[entry.feature.rawValue * size + Int(entry.ids[0])] = entry.weight
            } else {
                let c = entry.ids.count == 3 ? entry.ids[2] : 0
                ngrams[Self.ngramKey(entry.feature, entry.ids[0], entry.ids[1], c)] = entry.weight
            }
        }
        self.vocabulary = vocabulary
        self.unigrams = unigrams
        self.vocabularySize = size
        self.ngrams = ngrams
        self.threshold = total
    }

    /// The offsets (in Unicode scalars, from 1 to `count - 1`) before which a new phrase starts.
    public func boundaries(in text: UnsafeBufferPointer<Unicode.Scalar>) -> [Int] {
        var result: [Int] = []
        forEachBoundary(in: text) { result.append($0) }
        return result
    }

    /// The offsets before which a new phrase starts.
    public func boundaries(in scalars: [Unicode.Scalar]) -> [Int] {
        scalars.withUnsafeBufferPointer { boundaries(in: $0) }
    }

    /// The text cut into its phrases (an empty text has none).
    public func phrases(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var result: [String] = []
        var start = 0
        for end in boundaries(in: scalars) + [scalars.count] where end > start {
            result.append(String(String.UnicodeScalarView(scalars[start..<end])))
            start = end
        }
        return result
    }

    /// Calls `body` with each offset before which a phrase starts, in order, without building an array.
    public func forEachBoundary(in text: UnsafeBufferPointer<Unicode.Scalar>, _ body: (Int) -> Void) {
        let count = text.count
        guard count > 1 else { return }
        let ids = text.map { vocabulary[$0.value] ?? 0 }
        ids.withUnsafeBufferPointer { ids in
            unigrams.withUnsafeBufferPointer { unigrams in
                for gap in 1..<count where 2 * score(gap, ids: ids, unigrams: unigrams) > threshold {
                    body(gap)
                }
            }
        }
    }

    /// The sum of the weights of every feature present around the gap before `gap`.
    @inline(__always)
    private func score(_ gap: Int, ids: UnsafeBufferPointer<UInt16>, unigrams: UnsafeBufferPointer<Int32>) -> Int {
        let count = ids.count
        // The ids at gap-3 … gap+2, 0 where the text has no character.
        let m3 = gap >= 3 ? ids[gap - 3] : 0
        let m2 = gap >= 2 ? ids[gap - 2] : 0
        let m1 = ids[gap - 1]
        let p0 = ids[gap]
        let p1 = gap + 1 < count ? ids[gap + 1] : 0
        let p2 = gap + 2 < count ? ids[gap + 2] : 0
        let size = vocabularySize
        var sum = Int(unigrams[Int(m3)]) + Int(unigrams[size + Int(m2)]) + Int(unigrams[2 * size + Int(m1)])
        sum += Int(unigrams[3 * size + Int(p0)]) + Int(unigrams[4 * size + Int(p1)])
        sum += Int(unigrams[5 * size + Int(p2)])
        sum += ngram(.bw1, m2, m1, 0) + ngram(.bw2, m1, p0, 0) + ngram(.bw3, p0, p1, 0)
        sum += ngram(.tw1, m3, m2, m1) + ngram(.tw2, m2, m1, p0) + ngram(.tw3, m1, p0, p1)
        sum += ngram(.tw4, p0, p1, p2)
        return sum
    }

    /// The weight of a pair (`c` = 0) or triple; none when a character is missing or unknown.
    @inline(__always)
    private func ngram(_ feature: Feature, _ a: UInt16, _ b: UInt16, _ c: UInt16) -> Int {
        guard a != 0, b != 0, c != 0 || feature.length == 2, !ngrams.isEmpty else { return 0 }
        return Int(ngrams[Self.ngramKey(feature, a, b, c)] ?? 0)
    }

    @inline(__always)
    private static func ngramKey(_ feature: Feature, _ a: UInt16, _ b: UInt16, _ c: UInt16) -> UInt64 {
        UInt64(feature.rawValue) << 48 | UInt64(a) << 32 | UInt64(b) << 16 | UInt64(c)
    }

    /// BudouX's features: which characters around the gap before `gap` each one reads.
    enum Feature: Int, CaseIterable {
        // Single characters at gap-3 … gap+2 (their raw values index the unigram rows).
        case uw1, uw2, uw3, uw4, uw5, uw6
        // Pairs at gap-2, gap-1 and gap; triples at gap-3 … gap.
        case bw1, bw2, bw3
        case tw1, tw2, tw3, tw4

        static let unigrams: [Feature] = [.uw1, .uw2, .uw3, .uw4, .uw5, .uw6]

        init?(name: String) {
            guard let feature = Feature.allCases.first(where: { $0.name == name }) else { return nil }
            self = feature
        }

        var name: String { "\(self)".uppercased() }

        var length: Int {
            switch self {
            case .uw1, .uw2, .uw3, .uw4, .uw5, .uw6: 1
            case .bw1, .bw2, .bw3: 2
            case .tw1, .tw2, .tw3, .tw4: 3
            }
        }
    }
}

/// A phrase model file that cannot be read.
public struct PhraseModelError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        /// Not a JSON object of objects of integers.
        public static let notJSON = Code(description: "not a JSON object of feature → {characters: weight}")
        /// A feature name other than UW1–UW6, BW1–BW3, TW1–TW4.
        public static let unknownFeature = Code(description: "unknown feature (expected UW1–UW6, BW1–BW3, TW1–TW4)")
        /// A key whose length does not match its feature (UW: 1 character, BW: 2, TW: 3).
        public static let wrongLength = Code(description: "wrong number of characters for the feature")
        /// A weight beyond ±2²⁴ (real models stay within ±10,000).
        public static let weightOutOfRange = Code(description: "weight out of range")
        /// More than 65,534 distinct characters.
        public static let tooManyCharacters = Code(description: "too many distinct characters")
    }

    public var code: Code
    public var detail: String

    public init(code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "phrase model: \(code): \(detail)" }
}
