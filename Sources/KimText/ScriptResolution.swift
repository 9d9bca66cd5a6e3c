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
        // The scalars with their offsets, and for each the value it belongs to (-1: none).
        var offsets: [Int] = []
        var scalars: [Unicode.Scalar] = []
        var inValue: [Int] = []
        offsets.reserveCapacity(text.units.count)
        scalars.reserveCapacity(text.units.count)
        inValue.reserveCapacity(text.units.count)
        var i = 0
        while i < text.units.count {
            let s = text.scalar(at: i)
            offsets.append(i)
            scalars.append(s)
            inValue.append(text.values.firstIndex { $0.range.contains(i) } ?? -1)
            i += s.utf16.count
        }
        var resolved = scalars.map { Script.of($0) }
        // Segments: the text between values, and each value, resolved on their own.
        var segmentStart = 0
        while segmentStart < scalars.count {
            var segmentEnd = segmentStart + 1
            while segmentEnd < scalars.count, inValue[segmentEnd] == inValue[segmentStart] { segmentEnd += 1 }
            defer { segmentStart = segmentEnd }
            var last: Script? = nil
            // Open brackets waiting for their partner: (closing character, index of the opener).
            var brackets: [(closing: Unicode.Scalar, index: Int)] = []
            for i in segmentStart..<segmentEnd {
                if resolved[i].isShared || resolved[i].code == 103 {
                    if let l = last { resolved[i] = l }
                    // A closing bracket takes its opening bracket's script, so a pair is set in one
                    // font: "(KIM)" after Arabic words has two Naskh brackets, not one of each.
                    switch PairedBracket.of(scalars[i]) {
                    case .open(let closing)?:
                        brackets.append((closing, i))
                    case .close?:
                        if let k = brackets.lastIndex(where: { $0.closing == scalars[i] }) {
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
            let first = resolved[segmentStart..<segmentEnd].first { !$0.isShared && $0.code != 103 } ?? languageScript
            for i in segmentStart..<segmentEnd {
                let s = resolved[i].isShared || resolved[i].code == 103 ? first : resolved[i]
                for u in 0..<scalars[i].utf16.count { scripts[offsets[i] + u] = s }
            }
        }
        return scripts
    }
}
