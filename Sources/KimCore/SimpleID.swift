/// The ids that become parts of file names, folder names or catalog ids (templates, offices,
/// forms, offers, guide categories): a–z and 0–9 first, then also '-'. Nothing that could climb
/// out of a folder, no capitals that differ only on some file systems.
public enum SimpleID {
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.utf8.first, isLetterOrDigit(first) else { return false }
        return id.utf8.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
    }

    private static func isLetterOrDigit(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
