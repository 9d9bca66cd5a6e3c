import KimUnicode

/// Stage 3, scripts: the script of every UTF-16 unit.
///
/// Common and Inherited characters (spaces, digits, punctuation, combining marks) take the script
/// of the strong character before them; at the start of a stretch, the one after them; with no
/// strong character at all, the language's own script. A closing bracket takes its opening
/// bracket's script. A value (phone number, e-mail) is resolved
/// on its own, so the digits of a phone number in an Arabic sentence take the language's script and
/// the Arabic font's digits, while an e-mail address stays Latin.
enum ScriptResolution {
    static func resolve(_ text: CollectedText, languageScript: Script) -> [Script] {
        var scripts = [Script](repeating: languageScript, count: text.units.count)
        let all = text.scalars
        // Segments: the text between values, and each value.
        var segments: [[(offset: Int, scalar: Unicode.Scalar)]] = [[]]
        var currentValue: Range<Int>? = nil
        for entry in all {
            let value = text.value(containing: entry.offset)?.range
            if value != currentValue {
                segments.append([])
                currentValue = value
            }
            segments[segments.count - 1].append(entry)
        }
        for segment in segments {
            var resolved = segment.map { Script.of($0.scalar) }
            var last: Script? = nil
            // Open brackets waiting for their partner: (closing character, index of the opener).
            var brackets: [(closing: Unicode.Scalar, index: Int)] = []
            for i in resolved.indices {
                if resolved[i].isShared || resolved[i].code == 103 {
                    if let l = last { resolved[i] = l }
                    // A closing bracket takes its opening bracket's script, so a pair is set in one
                    // font: "(KIM)" after Arabic words has two Naskh brackets, not one of each.
                    switch PairedBracket.of(segment[i].scalar) {
                    case .open(let closing)?:
                        brackets.append((closing, i))
                    case .close?:
                        if let k = brackets.lastIndex(where: { $0.closing == segment[i].scalar }) {
                            resolved[i] = resolved[brackets[k].index]
                            brackets.removeSubrange(k...)
                        }
                    case nil:
                        break
                    }
                } else {
                    last = resolved[i]
                }
            }
            // Leading shared characters take the first strong script of the segment.
            let first = resolved.first { !$0.isShared && $0.code != 103 } ?? languageScript
            for (i, entry) in segment.enumerated() {
                let s = resolved[i].isShared || resolved[i].code == 103 ? first : resolved[i]
                for u in 0..<entry.scalar.utf16.count { scripts[entry.offset + u] = s }
            }
        }
        return scripts
    }
}
