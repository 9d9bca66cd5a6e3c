internal import CFontconfig
internal import CHarfBuzz
internal import Synchronization
public import KimUnicode
import KimCore

/// Finds and keeps fonts: families through fontconfig, loaded once per process and shared.
///
/// Choosing a font for a character: the script's priority list (see `FontConfiguration`), then the
/// fallback list, then fontconfig's best match for that character. Lookups are cached, so
/// fontconfig is asked once per family, not per document.
public final class FontLibrary: Sendable {
    public let configuration: FontConfiguration

    private struct Key: Hashable {
        let family: String
        let weight: FontWeight
    }

    private let loaded = Mutex<[Key: Font?]>([:])
    private struct ScriptKey: Hashable {
        let script: Int32
        let weight: FontWeight
    }
    /// The installed fonts of each script's list, as `fonts(forScript:)` answers.
    private let byScript = Mutex<[ScriptKey: [Font]]>([:])
    private let fallbackByScalar = Mutex<[UInt32: Font?]>([:])
    private let byFile = Mutex<[String: Font]>([:])

    /// fontconfig, started on the first question the index cannot answer.
    private let fontconfig = Lazy<Bool> { FcInit() != 0 }
    /// fontconfig's earlier answers (see `FontIndex`).
    public let index: FontIndex

    public init(configuration: FontConfiguration = .default, index: FontIndex = .standard) {
        self.configuration = configuration
        self.index = index
    }

    /// Starts fontconfig if it is not running; throws `fontconfigUnavailable` if it cannot start.
    private func requireFontconfig() throws {
        guard try fontconfig.value() else { throw TextError.fontconfigUnavailable }
    }

    /// Whether this library has started fontconfig (a warm start with a valid index does not).
    public var startedFontconfig: Bool { fontconfig.isMade }

    /// The process-wide library with the default configuration.
    public static let shared = FontLibrary()

    /// The installed font of exactly this family, or nil if fontconfig would substitute another.
    public func font(family: String, weight: FontWeight = .regular) throws -> Font? {
        let key = Key(family: family, weight: weight)
        if let cached = loaded.withLock({ $0[key] }) { return cached }
        let found = try match(family: family, weight: weight)
        // Another thread may have loaded it meanwhile: keep the first, so one font is one object.
        return loaded.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = found
            return found
        }
    }

    /// Like `font(family:)`, but an absent family is an error naming it.
    public func requireFont(family: String, weight: FontWeight = .regular) throws -> Font {
        guard let f = try font(family: family, weight: weight) else { throw TextError.fontNotFound(family: family) }
        return f
    }

    /// The fonts configured for a script, installed ones only, most preferred first.
    public func fonts(forScript script: Script, weight: FontWeight = .regular) throws -> [Font] {
        let key = ScriptKey(script: script.code, weight: weight)
        if let cached = byScript.withLock({ $0[key] }) { return cached }
        let found = try configuration.candidates(forScript: script.isoCode).compactMap { try font(family: $0, weight: weight) }
        byScript.withLock { $0[key] = found }
        return found
    }

    /// The first font for `script` covering every character of `scalars` (ignorable format
    /// characters such as ZWNJ need no glyph of their own); nil if none does.
    /// `systemFallback: false` tries the configured families only (for a value, which is better
    /// set in two configured fonts than wholly in a stranger one). `remember: false` (client
    /// data) asks fontconfig without recording the answer for the character anywhere: neither
    /// the font index on disk nor this library's memory learns which characters a client used.
    public func font(
        for scalars: some Collection<Unicode.Scalar>, script: Script, weight: FontWeight = .regular, systemFallback useSystem: Bool = true,
        remember: Bool = true
    ) throws -> Font? {
        let candidates = try fonts(forScript: script, weight: weight)
        // The common case first: one character, no ignorables, the first font has it.
        if scalars.count == 1, let s = scalars.first, !isDefaultIgnorable(s), let f = candidates.first, f.covers(s) { return f }
        let needed = scalars.filter { !isDefaultIgnorable($0) }
        for f in candidates where needed.allSatisfy(f.covers) {
            return f
        }
        guard let first = needed.first else { return try fonts(forScript: script, weight: weight).first }
        if useSystem, configuration.systemFallback, let f = try systemFallback(for: first, remember: remember), needed.allSatisfy(f.covers) { return f }
        return nil
    }

    /// fontconfig's best font for one character, when no configured family has it.
    private func systemFallback(for scalar: Unicode.Scalar, remember: Bool) throws -> Font? {
        if let cached = fallbackByScalar.withLock({ $0[scalar.value] }) { return cached }
        var found: Font?
        // A remembered face that no longer loads (file gone, corrupt index) is asked again.
        if let known = index.fallback(for: scalar.value), let remembered = loadRemembered(known) {
            if let candidate = remembered, candidate.covers(scalar) { found = candidate }
            return fallbackByScalar.withLock { cache in
                if let existing = cache[scalar.value] { return existing }
                cache[scalar.value] = found
                return found
            }
        }
        try requireFontconfig()
        var answer: FontIndex.Face?
        if let charset = FcCharSetCreate(), let pattern = FcPatternCreate() {
            defer { FcPatternDestroy(pattern) }
            FcCharSetAddChar(charset, scalar.value)
            FcPatternAddCharSet(pattern, FC_CHARSET, charset)
            FcCharSetDestroy(charset)
            FcConfigSubstitute(nil, pattern, FcMatchPattern)
            FcDefaultSubstitute(pattern)
            var result = FcResultNoMatch
            if let match = FcFontMatch(nil, pattern, &result) {
                defer { FcPatternDestroy(match) }
                if let (family, file, faceIndex) = Self.describe(match) {
                    answer = FontIndex.Face(family: family, file: file, index: faceIndex)
                    let candidate = try load(family: family, weight: .regular, file: file, faceIndex: faceIndex)
                    if candidate.covers(scalar) { found = candidate }
                }
            }
        }
        guard remember else { return found }
        index.remember(fallbackFor: scalar.value, answer)
        return fallbackByScalar.withLock { cache in
            if let existing = cache[scalar.value] { return existing }
            cache[scalar.value] = found
            return found
        }
    }

    /// The font of a remembered answer: `.some(nil)` for "no font", nil when it no longer loads.
    private func loadRemembered(_ known: FontIndex.Face?) -> Font?? {
        guard let face = known else { return .some(nil) }
        guard let font = try? load(family: face.family, weight: .regular, file: face.file, faceIndex: face.index) else { return nil }
        return .some(font)
    }

    /// The one `Font` object for a file and face, made on first use.
    private func load(family: String, weight: FontWeight, file: String, faceIndex: Int) throws -> Font {
        let key = "\(file)#\(faceIndex)"
        if let f = byFile.withLock({ $0[key] }) { return f }
        let made = try Font(family: family, weight: weight, file: file, faceIndex: faceIndex)
        return byFile.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = made
            return made
        }
    }

    private func match(family: String, weight: FontWeight) throws -> Font? {
        if let known = index.match(family: family, weight: weight) {
            guard let face = known else { return nil }
            // The file may have gone since (the stamps guard the folders, not each file's content).
            if let font = try? load(family: family, weight: weight, file: face.file, faceIndex: face.index) { return font }
        }
        try requireFontconfig()
        let face = askFontconfig(family: family, weight: weight)
        index.remember(family: family, weight: weight, face)
        guard let face else { return nil }
        return try load(family: family, weight: weight, file: face.file, faceIndex: face.index)
    }

    /// fontconfig's file for exactly this family, or nil if it would substitute another.
    private func askFontconfig(family: String, weight: FontWeight) -> FontIndex.Face? {
        guard let pattern = FcPatternCreate() else { return nil }
        defer { FcPatternDestroy(pattern) }
        FcPatternAddString(pattern, FC_FAMILY, family)
        FcPatternAddInteger(pattern, FC_WEIGHT, weight.fontconfigWeight)
        FcPatternAddInteger(pattern, FC_SLANT, 0)
        FcConfigSubstitute(nil, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let match = FcFontMatch(nil, pattern, &result) else { return nil }
        defer { FcPatternDestroy(match) }
        // fontconfig always answers with something; accept only the family that was asked for.
        var i: Int32 = 0
        var sameFamily = false
        var name: UnsafeMutablePointer<FcChar8>?
        while FcPatternGetString(match, FC_FAMILY, i, &name) == FcResultMatch, let n = name {
            if String(cString: n).lowercased() == family.lowercased() { sameFamily = true }
            i += 1
        }
        guard sameFamily, let (_, file, faceIndex) = Self.describe(match) else { return nil }
        return FontIndex.Face(family: family, file: file, index: faceIndex)
    }

    private static func describe(_ pattern: OpaquePointer) -> (String, String, Int)? {
        var file: UnsafeMutablePointer<FcChar8>?
        var family: UnsafeMutablePointer<FcChar8>?
        var index: Int32 = 0
        guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let f = file else { return nil }
        if FcPatternGetInteger(pattern, FC_INDEX, 0, &index) != FcResultMatch { index = 0 }
        var familyName = "?"
        if FcPatternGetString(pattern, FC_FAMILY, 0, &family) == FcResultMatch, let name = family {
            familyName = String(cString: name)
        }
        return (familyName, String(cString: f), Int(index))
    }
}

