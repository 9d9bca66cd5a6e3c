/// Lengths: layout works in PostScript points (1/72 inch), the unit of PDF user space.
public enum Units {
    public static let pointsPerMillimetre = 72.0 / 25.4

    /// Millimetres to points.
    public static func points(mm: Double) -> Double { mm * pointsPerMillimetre }
    /// Points to millimetres.
    public static func millimetres(pt: Double) -> Double { pt / pointsPerMillimetre }
}
