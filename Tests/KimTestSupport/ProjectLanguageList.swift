// The languages the tests run for: Translations/languages.json, never a list written out in a test.
public import Foundation
public import KimCore

/// The repository's `Translations/languages.json`, read once. A failure is kept, not trapped on:
/// `ProjectTests` ("The language list …") reports it, and every per-language test then has no
/// arguments.
public let projectLanguageList: Result<ProjectLanguages, any Error> = Result {
    try ProjectLanguages.load(from: repositoryRoot.appendingPathComponent("Translations/languages.json"))
}

/// The tags of the project's languages in the order of `languages.json` (the source language
/// first): the arguments of every test that is about "each language". A language added to the
/// file is tested from then on.
public func projectLanguages() -> [String] {
    (try? projectLanguageList.get())?.tags.map(\.tag) ?? []
}

/// The project's target languages: every language of `languages.json` but the source (German).
public func targetLanguages() -> [String] {
    guard let list = try? projectLanguageList.get() else { return [] }
    return list.tags.filter { $0 != list.source }.map(\.tag)
}

/// The languages whose catalogs the tests hold to be complete: every unit translated and
/// current, so their documents are built with `--strict` and any German fallback fails a test.
/// This is data about those catalogs, not the list of languages tested: a language added to
/// `languages.json` is tested in every other respect from the start (its fallbacks are reported,
/// not errors) and belongs here once its catalog is finished. A test checks that every entry is
/// in `languages.json`.
public let completeCatalogs: Set<String> = ["de", "en", "ar", "fa", "tr", "uk", "ru", "ku", "ti"]

/// Whether the tests hold `language`'s catalog to be complete (see `completeCatalogs`).
public func catalogMeantComplete(_ language: String) -> Bool { completeCatalogs.contains(language) }
