internal import CFontconfig
public import KosatsuScene

/// Finds and opens fonts: Kosatsu's own `Fonts/` first, then whatever fontconfig knows for fallback.
///
/// Not `Sendable`: it owns C objects and belongs to the one renderer that uses it.
public final class FontLibrary {
    /// The directory registered ahead of the system's fonts, if any.
    public let fontDirectory: String?
    private let config: OpaquePointer
    private let freeType: FreeTypeLibrary
    private var faces: [Face] = []
    private var faceIDs: [FaceKey: FaceID] = [:]
    private var requestCache: [RequestKey: FaceID] = [:]
    private var fallbackCandidates: [RequestKey: FallbackList] = [:]
    private var fallbackCache: [FallbackKey: FaceID] = [:]

    private struct FaceKey: Hashable {
        let path: String
        let index: Int
    }

    private struct RequestKey: Hashable {
        let request: FontRequest
        let language: String
    }

    private struct FallbackKey: Hashable {
        let request: RequestKey
        let scalar: UInt32
    }

    /// Fonts fontconfig ranks for a request, with the character sets to test coverage against.
    private final class FallbackList {
        let set: UnsafeMutablePointer<FcFontSet>?
        init(set: UnsafeMutablePointer<FcFontSet>?) { self.set = set }
        deinit { if let set { FcFontSetDestroy(set) } }
    }

    /// - Parameter fontDirectory: Kosatsu's `Fonts/`; `nil` uses only the system's fonts.
    public init(fontDirectory: String?) throws {
        guard let freeType = FreeTypeLibrary.shared else {
            throw TextError(.fontConfiguration, "FreeType could not be initialised")
        }
        guard let config = FcInitLoadConfigAndFonts() else {
            throw TextError(.fontConfiguration, "fontconfig could not load its configuration")
        }
        if let fontDirectory {
            guard FcConfigAppFontAddDir(config, fontDirectory) != 0 else {
                FcConfigDestroy(config)
                throw TextError(.fontConfiguration, "fontconfig could not add the font directory \(fontDirectory)")
            }
        }
        self.config = config
        self.freeType = freeType
        self.fontDirectory = fontDirectory
    }

    deinit {
        fallbackCandidates.removeAll()
        FcConfigDestroy(config)
    }

    package func face(_ id: FaceID) -> Face { faces[id.rawValue] }

    /// The face for a family and weight: from Kosatsu's own fonts when they have the family, else
    /// the system's best match.
    public func face(for request: FontRequest, language: String) throws -> FaceID {
        let key = RequestKey(request: request, language: language)
        if let cached = requestCache[key] { return cached }
        guard let pattern = makePattern(request, language: language) else {
            throw TextError(.fontConfiguration, "fontconfig could not build a pattern for \(request.family)")
        }
        defer { FcPatternDestroy(pattern) }
        let match =
            appFontMatch(pattern, family: Self.family(request.family, language: language)) ?? systemMatch(pattern)
        guard let match else {
            throw TextError(.fontNotFound, "no font matches \(request.family) \(request.weight.rawValue)")
        }
        defer { FcPatternDestroy(match) }
        let id = try open(match)
        requestCache[key] = id
        return id
    }

    /// The face to draw `scalar` with: the requested face when it has the glyph, else the first
    /// font fontconfig ranks for the request and language that does — so no tofu while any
    /// installed font has the character.
    public func face(for scalar: Unicode.Scalar, request: FontRequest, language: String) throws -> FaceID {
        let primary = try face(for: request, language: language)
        if faces[primary.rawValue].hasGlyph(for: scalar) { return primary }
        let key = RequestKey(request: request, language: language)
        let fallbackKey = FallbackKey(request: key, scalar: scalar.value)
        if let cached = fallbackCache[fallbackKey] { return cached }
        let found = try fallback(for: scalar, key: key) ?? primary
        fallbackCache[fallbackKey] = found
        return found
    }

    private func fallback(for scalar: Unicode.Scalar, key: RequestKey) throws -> FaceID? {
        let list: FallbackList
        if let cached = fallbackCandidates[key] {
            list = cached
        } else {
            var result = FcResultNoMatch
            let pattern = makePattern(key.request, language: key.language)
            defer { if let pattern { FcPatternDestroy(pattern) } }
            list = FallbackList(set: pattern.flatMap { FcFontSort(config, $0, FcTrue, nil, &result) })
            fallbackCandidates[key] = list
        }
        guard let set = list.set?.pointee, let fonts = set.fonts else { return nil }
        for i in 0..<Int(set.nfont) {
            guard let font = fonts[i] else { continue }
            var charset: OpaquePointer?
            guard FcPatternGetCharSet(font, FC_CHARSET, 0, &charset) == FcResultMatch, let charset,
                FcCharSetHasChar(charset, scalar.value) != 0
            else { continue }
            return try open(font)
        }
        return nil
    }

    private func makePattern(_ request: FontRequest, language: String) -> OpaquePointer? {
        guard let pattern = FcPatternCreate() else { return nil }
        FcPatternAddString(pattern, FC_FAMILY, Self.family(request.family, language: language))
        FcPatternAddInteger(pattern, FC_WEIGHT, request.weight == .bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR)
        FcPatternAddString(pattern, FC_LANG, Self.fontconfigLanguage(language))
        FcConfigSubstitute(config, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        return pattern
    }

    /// Matches among the application fonts only, accepting the result only for the right family.
    private func appFontMatch(_ pattern: OpaquePointer, family: String) -> OpaquePointer? {
        guard fontDirectory != nil else { return nil }
        var appSet: UnsafeMutablePointer<FcFontSet>? = FcConfigGetFonts(config, FcSetApplication)
        guard appSet != nil else { return nil }
        var result = FcResultNoMatch
        guard let match = FcFontSetMatch(config, &appSet, 1, pattern, &result) else { return nil }
        var name: UnsafeMutablePointer<FcChar8>?
        var index: Int32 = 0
        while FcPatternGetString(match, FC_FAMILY, index, &name) == FcResultMatch, let name {
            if String(cString: name).caseInsensitiveCompare(family) { return match }
            index += 1
        }
        FcPatternDestroy(match)
        return nil
    }

    private func systemMatch(_ pattern: OpaquePointer) -> OpaquePointer? {
        var result = FcResultNoMatch
        return FcFontMatch(config, pattern, &result)
    }

    private func open(_ pattern: OpaquePointer) throws -> FaceID {
        var file: UnsafeMutablePointer<FcChar8>?
        guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file else {
            throw TextError(.fontNotFound, "fontconfig returned a font without a file")
        }
        var index: Int32 = 0
        _ = FcPatternGetInteger(pattern, FC_INDEX, 0, &index)
        let key = FaceKey(path: String(cString: file), index: Int(index))
        if let id = faceIDs[key] { return id }
        let face = try Face(path: key.path, index: key.index, library: freeType)
        let id = FaceID(rawValue: faces.count)
        faces.append(face)
        faceIDs[key] = id
        return id
    }
}

extension FontLibrary {
    /// fontconfig's language tag (RFC 3066 with region) for a BCP 47 tag: `zh-Hans` → `zh-cn`.
    static func fontconfigLanguage(_ language: String) -> String {
        switch language.lowercased() {
        case "zh-hans", "zh-cn", "zh-sg", "zh": "zh-cn"
        case "zh-hant", "zh-tw": "zh-tw"
        case "zh-hk": "zh-hk"
        default: language
        }
    }

    /// The family to ask fontconfig for: Kosatsu's Japanese faces (BIZ UD…) have Japanese glyph forms
    /// for Han characters and no Hangul, so Chinese and Korean text asks for the language's sans-serif
    /// (Noto Sans CJK SC / TC / KR through `:lang=`).
    static func family(_ family: String, language: String) -> String {
        let tag = language.lowercased()
        guard tag.hasPrefix("zh") || tag.hasPrefix("ko"), family.lowercased().hasPrefix("biz ud") else { return family }
        return "sans-serif"
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}

extension FontLibrary {
    /// The font file a face was loaded from.
    public func path(of id: FaceID) -> String { face(id).path }
}
