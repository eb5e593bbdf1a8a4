import Foundation
import KosatsuPhrase
import KosatsuScene
import KosatsuText

/// Shaping + line-breaking throughput of the typesetter, for `kosatsu-text-bench` and `make bench`.
enum TextBenchmarks {
    /// One measurement: how many characters per second were set, cold (empty caches) and cached.
    struct Result: Sendable, CustomStringConvertible {
        var name: String
        var characters: Int
        var lines: Int
        /// Best of the runs, in seconds.
        var coldSeconds: Double
        var cachedSeconds: Double

        var coldCharactersPerSecond: Double { Double(characters) / coldSeconds }
        var cachedCharactersPerSecond: Double { Double(characters) / cachedSeconds }
        var speedup: Double { coldSeconds / cachedSeconds }

        var description: String {
            func rate(_ value: Double) -> String { String(format: "%.0f", value) }
            return
                "\(name): \(characters) chars, \(lines) lines; cold \(rate(coldCharactersPerSecond)) chars/s "
                + String(format: "(%.2f ms)", coldSeconds * 1000)
                + ", cached \(rate(cachedCharactersPerSecond)) chars/s "
                + String(format: "(%.4f ms), %.0f× faster", cachedSeconds * 1000, speedup)
        }
    }

    /// A Japanese notice of about `characters` characters: kanji, kana, punctuation, digits and Latin.
    static func sampleText(characters: Int = 10_000) -> String {
        let sentence =
            "小田原城は、戦国時代に北条氏の本拠地として栄えた城です。現在の天守閣は1960年に再建され、"
            + "内部は歴史資料の展示室（入館料510円）になっています。JR小田原駅から徒歩約10分、「お堀端通り」を歩きます。"
        var text = ""
        while text.unicodeScalars.count < characters { text += sentence }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(characters)))
    }

    /// Sets a `characters`-long Japanese paragraph, justified in a 1,800 px box, `runs` times cold
    /// (shaping cache and layout cache cleared) and `runs` times cached; keeps the best of each.
    static func run(fontDirectory: String?, characters: Int = 10_000, runs: Int = 5) throws -> [Result] {
        let typesetter = Typesetter(fonts: try FontLibrary(fontDirectory: fontDirectory))
        let text = sampleText(characters: characters)
        var results: [Result] = []
        for (name, paragraph) in [
            ("horizontal, justified", ParagraphStyle(alignment: .justify, overflow: .visible)),
            ("vertical", ParagraphStyle(overflow: .visible, writingMode: .vertical)),
        ] {
            let item = TextItem(
                frame: Rect(x: 0, y: 0, width: 1800, height: 1800),
                spans: [TextSpan(text: text, style: TextStyle(size: 40))], paragraph: paragraph)
            // Fonts open once, as on a sign that has been running: the first call is not measured.
            _ = try typesetter.typeset(item)
            var cold = Double.infinity
            var cached = Double.infinity
            var lines = 0
            for _ in 0..<runs {
                typesetter.clearCaches()
                let start = ContinuousClock.now
                lines = try typesetter.typeset(item).lineCount
                cold = min(cold, seconds(ContinuousClock.now - start))
                let again = ContinuousClock.now
                _ = try typesetter.typeset(item)
                cached = min(cached, seconds(ContinuousClock.now - again))
            }
            results.append(
                Result(
                    name: name, characters: text.unicodeScalars.count, lines: lines, coldSeconds: cold,
                    cachedSeconds: max(cached, 1e-9)))
        }
        return results
    }

    /// One paragraph ready to be set again and again, for a harness that wants every run's figure.
    struct Workload {
        private let typesetter: Typesetter
        private let item: TextItem
        /// The characters set per run.
        let characters: Int

        /// Opens the fonts and sets the paragraph once (a sign that has been running has its fonts open).
        init(fontDirectory: String?, characters: Int = 10_000, vertical: Bool = false) throws {
            typesetter = Typesetter(fonts: try FontLibrary(fontDirectory: fontDirectory))
            let text = sampleText(characters: characters)
            self.characters = text.unicodeScalars.count
            let paragraph =
                vertical
                ? ParagraphStyle(overflow: .visible, writingMode: .vertical)
                : ParagraphStyle(alignment: .justify, overflow: .visible)
            item = TextItem(
                frame: Rect(x: 0, y: 0, width: 1800, height: 1800),
                spans: [TextSpan(text: text, style: TextStyle(size: 40))], paragraph: paragraph)
            _ = try typesetter.typeset(item)
        }

        /// Seconds to set the paragraph with the shaping and layout caches emptied first.
        func cold() throws -> Double {
            typesetter.clearCaches()
            let start = ContinuousClock.now
            _ = try typesetter.typeset(item)
            return seconds(ContinuousClock.now - start)
        }

        /// Seconds to set the paragraph again, unchanged (the layout cache answers). The text is
        /// a fresh copy, as when a sign evaluates its layout again: equal, but not the same storage.
        func cached() throws -> Double {
            _ = try typesetter.typeset(item)
            var again = item
            again.spans = item.spans.map { span in
                var copy = span
                copy.text = String(decoding: Array(span.text.utf8), as: UTF8.self)
                return copy
            }
            let start = ContinuousClock.now
            _ = try typesetter.typeset(again)
            return max(seconds(ContinuousClock.now - start), 1e-9)
        }
    }

    /// The phrase scorer's speed on a `characters`-long Japanese text (`line-break: phrase`).
    struct PhraseResult: Sendable, CustomStringConvertible {
        var characters: Int
        var phrases: Int
        /// Best of the runs: reading the built-in Japanese model, and scoring the text with it.
        var modelLoadSeconds: Double
        var scoreSeconds: Double

        /// Characters scored per second, the model already read (as on a running sign).
        var charactersPerSecond: Double { Double(characters) / scoreSeconds }
        /// The same, counting the model's reading too (a sign's first phrase-mode text).
        var charactersPerSecondWithLoad: Double { Double(characters) / (scoreSeconds + modelLoadSeconds) }

        var description: String {
            String(
                format: "phrases: %d chars, %d phrases; %.0f chars/s (%.3f ms); model read in %.2f ms; "
                    + "%.0f chars/s counting the read",
                characters, phrases, charactersPerSecond, scoreSeconds * 1000, modelLoadSeconds * 1000,
                charactersPerSecondWithLoad)
        }
    }

    /// Reads the Japanese model and finds the phrases of `sampleText`, `runs` times; keeps the best of each.
    static func phrases(characters: Int = 10_000, runs: Int = 5) -> PhraseResult {
        let scalars = Array(sampleText(characters: characters).unicodeScalars)
        var load = Double.infinity
        var score = Double.infinity
        var phrases = 0
        for _ in 0..<runs {
            let start = ContinuousClock.now
            guard let model = PhraseModel.bundled(.japanese) else { break }
            load = min(load, seconds(ContinuousClock.now - start))
            let scoring = ContinuousClock.now
            phrases = model.boundaries(in: scalars).count + 1
            score = min(score, seconds(ContinuousClock.now - scoring))
        }
        return PhraseResult(characters: scalars.count, phrases: phrases, modelLoadSeconds: load, scoreSeconds: score)
    }

    fileprivate static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
