// swift-tools-version: 6.0
// kimdoc: multilingual print documents from translation catalogs, templates and data.
// Module layout and what each may import: see ARCHITECTURE.md.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // Each function in a section of its own, so that the linker can place the code that runs
    // together (kimdoc's link order, Sources/kimdoc/link-order.txt).
    .unsafeFlags(["-Xfrontend", "-function-sections"], .when(configuration: .release)),
]

/// A Swift module of kimdoc; each has a README.md saying what it owns.
func module(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .target(name: name, dependencies: dependencies, exclude: ["README.md"], swiftSettings: swiftSettings)
}

let package = Package(
    name: "kimdoc",
    products: [
        .executable(name: "kimdoc", targets: ["kimdoc"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The web app (`kimdoc serve`): HTTP server, password hashing, HTML templates, accounts.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C: wrappers over the few ICU calls we use; the header exposes only kimdoc's own types,
        // because ICU's headers clash with Foundation's private ICU on Linux.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        .systemLibrary(name: "CHarfBuzz", pkgConfig: "harfbuzz", providers: [.apt(["libharfbuzz-dev"])]),
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CFontconfig", pkgConfig: "fontconfig", providers: [.apt(["libfontconfig-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // zlib: Flate compression of the PDF's streams.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libdeflate: the same Flate streams as zlib, two to three times faster at smaller sizes
        // (the PDF's streams and PNG data; zlib stays for CRC-32 and the ZIP archive).
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),

        module("KimCore", []),
        module("KimUnicode", ["KimCore", "CICU"]),
        module("KimText", ["KimCore", "KimUnicode", "CHarfBuzz", "CFontconfig"]),
        module("KimRender", ["KimCore", "KimText", "CCairo", "CFreeType", "CQREncode", "CHarfBuzz", "CZlib", "CDeflate"]),
        module("KimCatalog", ["KimCore", "KimUnicode"]),
        module("KimTemplate", ["KimCore", "KimCatalog", .product(name: "Yams", package: "Yams")]),
        module("KimLayout", ["KimCore", "KimUnicode", "KimText", "KimRender", "KimCatalog", "KimTemplate"]),
        module("KimForm", ["KimCore", "KimUnicode", "KimText", "KimRender", "KimCatalog", "KimTemplate", "KimLayout", .product(name: "Yams", package: "Yams")]),
        module("KimDoc", ["KimCore", "KimUnicode", "KimText", "KimRender", "KimCatalog", "KimTemplate", "KimLayout", "KimForm"]),
        // The web app: another front end over KimDoc, like the command line (HTTP in, library calls, HTML/PDF out).
        .target(
            name: "KimWeb",
            dependencies: [
                "KimCore", "KimUnicode", "KimDoc", "KimForm", "KimTemplate", "KimLayout", "KimRender", "KimCatalog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["README.md"],
            resources: [.copy("Pages"), .copy("Static")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kimdoc",
            dependencies: [
                "KimCore", "KimDoc", "KimText", "KimRender", "KimCatalog", "KimTemplate", "KimLayout", "KimForm", "KimWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["link-order.txt"],
            swiftSettings: swiftSettings,
            // Linked by the toolchain's lld with packed relative relocations (DT_RELR, glibc 2.36):
            // the 79,000 relocations of a PIE with the Swift runtime and Foundation linked in
            // shrink from 1.9 MB to 15 KB, and ld.so no longer reads them all at every start
            // (2 MiB less resident memory; see "Memory of a batch" in ARCHITECTURE.md).
            //
            // Nothing exported: the toolchain's static-stdlib arguments export every symbol of the
            // package's own object files (`-export-dynamic`), 2.9 MB of symbol tables that ld.so
            // searches for every symbol the shared libraries bind; kimdoc is no plug-in host.
            //
            // The code that runs placed together (Sources/kimdoc/link-order.txt, made by
            // scripts/make-link-order): the kernel maps 64 KiB of code around every page a process
            // touches, so code spread over the binary is resident many times over its size. A batch
            // of forms 44 → 37.5 MiB, a start-up 26.6 → 21.7 MiB. Names the list no longer finds
            // (code changed since it was made) are left where they are, without a warning.
            linkerSettings: [.unsafeFlags([
                "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
                "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/kimdoc/link-order.txt",
                "-Xlinker", "--no-warn-symbol-ordering",
            ])]
        ),

        .target(name: "KimTestSupport", dependencies: ["KimCore"], path: "Tests/KimTestSupport", swiftSettings: swiftSettings),
        // libhyphen, for tests only: the differential test holds kimdoc's hyphenation to it
        // (Debian ships no .pc file for it).
        .systemLibrary(name: "CHyphen", path: "Tests/CHyphen", providers: [.apt(["libhyphen-dev"])]),
        .testTarget(
            name: "KimTextTests",
            dependencies: ["KimCore", "KimUnicode", "KimText", "KimTestSupport", "CHyphen"],
            exclude: ["Traces"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KimCatalogTests",
            dependencies: ["KimCore", "KimUnicode", "KimCatalog", "KimTemplate", "KimDoc", "KimTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KimRenderTests",
            dependencies: ["KimCore", "KimUnicode", "KimText", "KimRender", "KimCatalog", "KimTemplate", "KimLayout", "KimDoc", "KimTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KimFormTests",
            dependencies: ["KimCore", "KimUnicode", "KimText", "KimRender", "KimCatalog", "KimTemplate", "KimLayout", "KimForm", "KimDoc", "KimTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KimWebTests",
            dependencies: [
                "KimCore", "KimDoc", "KimTemplate", "KimWeb", "KimTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KimDirectoryTests",
            dependencies: ["KimCore", "KimUnicode", "KimText", "KimRender", "KimCatalog", "KimTemplate", "KimLayout", "KimDoc", "KimTestSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
