/// The sizes kimdoc refuses to work on (issue 19, "bounded work"): each is far beyond any real
/// input, and each is checked before the work whose time or memory grows with it. Documented in
/// Templates/README.md.
public enum SizeLimits {
    /// One text: a CSV cell, a client value, a text of a template or office file, a catalog
    /// string. In bytes of UTF-8 (the longest text of the project is 1.5 kB).
    public static let textBytes = 10_000
    /// One YAML file (templates, offices, offers), read before it is parsed.
    public static let yamlFileBytes = 4_000_000
    /// An image's width × height, read from its header before it is decoded (a PNG of
    /// 20000 × 20000 pixels took 4.7 GB to decode).
    public static let imagePixels = 50_000_000
}
