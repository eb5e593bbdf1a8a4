/// A place where a line may (or must) end: before the scalar at `offset`.
public struct LineBreakOpportunity: Sendable, Hashable {
    /// The 0-based offset, in Unicode scalars, of the scalar that would start the next line.
    /// The end of the text is an opportunity too, at offset `count`.
    public var offset: Int
    /// A mandatory break (after a line feed, carriage return, NEL or line/paragraph separator, and at
    /// the end of the text) rather than an allowed one.
    public var isMandatory: Bool
    /// In phrase mode, a `strict` opportunity that lies inside a phrase (文節): a line ends there only
    /// when the phrase is longer than the line (`LineBreaker.phraseOpportunities`).
    public var isInsidePhrase: Bool

    public init(offset: Int, isMandatory: Bool, isInsidePhrase: Bool = false) {
        self.offset = offset
        self.isMandatory = isMandatory
        self.isInsidePhrase = isInsidePhrase
    }
}
