/// How strictly a text box keeps punctuation and small kana off the start of a line (JLReq / CSS `line-break`).
///
/// From `strict` on, each level allows every break the one above it allows, and some more. The rules are
/// those of `docs/JAPANESE-TEXT.md`; where it is silent, the web-platform-tests `css-text-line-break-ja-*`
/// decide. `phrase` allows fewer than `strict`: only those between phrases (文節).
public enum LineBreakStrictness: String, Sendable, CaseIterable {
    /// Unicode's UAX #14 (15.0) untailored, as its conformance file `LineBreakTest.txt` expects.
    case uax14
    /// The default for signs: no line starts with closing brackets, hyphens 〜゠, dividing punctuation,
    /// middle dots, full stops, commas, iteration marks, ー or small kana; no line ends with an opening bracket.
    case strict
    /// As `strict`, but a line may start with small kana, ー, 〜 or ゠.
    case normal
    /// As `normal`, but a line may also start with iteration marks (々〻ゝゞヽヾ), ・：；！？‼⁇⁈⁉,
    /// inseparable marks (… ‥) or a wide postfix (％), and end with a wide prefix (￥).
    case loose
    /// As `strict`, but only between phrases (文節) as the breaker's phrase model finds them, or after a
    /// space. Without a model for the text's language it is `strict`. A typesetter may still end a line
    /// inside a phrase that is longer than the line (`LineBreaker.phraseOpportunities`).
    case phrase

    /// Whether the JLReq rules (tailoring and the never-split rules) apply.
    var isJapanese: Bool { self != .uax14 }
}
