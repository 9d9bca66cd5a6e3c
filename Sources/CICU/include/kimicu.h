// kimicu: the few ICU calls kimdoc uses, behind kimdoc's own types.
//
// Why a wrapper: Foundation on Linux carries a private ICU, and importing the system ICU headers
// into a Swift module next to Foundation fails (duplicate UErrorCode); ICU's versioned symbol names
// are macros Swift cannot see. This header includes no ICU header and exposes only opaque types.
//
// Conventions: text is UTF-16 (uint16_t), every offset is a UTF-16 index. Functions that can fail
// take `int32_t *status` (ICU's UErrorCode value: 0 is success, > 0 is an error, < 0 a warning);
// `kim_icu_error_name` names it.
//
// Break iterators and number and date formatters are kept per thread and reused (kimicu.c), so a
// call costs the work on its text, not the loading of locale data. All functions are thread-safe.
#ifndef KIMICU_H
#define KIMICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The name of an ICU error code, e.g. "U_ILLEGAL_ARGUMENT_ERROR".
const char *kim_icu_error_name(int32_t status);

// MARK: Bidi (UAX #9)

typedef struct KimBidi KimBidi;

/// Resolves bidi levels for one paragraph. `para_level` is 0 (LTR), 1 (RTL), or 254 (direction
/// from the first strong character, LTR if none). The text must outlive the object.
KimBidi *kim_bidi_open(const uint16_t *text, int32_t length, uint8_t para_level, int32_t *status);
void kim_bidi_close(KimBidi *bidi);
/// The resolved paragraph level (0 or 1).
uint8_t kim_bidi_paragraph_level(const KimBidi *bidi);
/// Copies the embedding level of every UTF-16 unit into `levels` (capacity `length`).
void kim_bidi_levels(KimBidi *bidi, uint8_t *levels, int32_t length, int32_t *status);
/// Visual runs of the line [start, limit) after rule L1, left to right. Writes up to `capacity`
/// runs (logical start, length, level) and returns how many there are.
int32_t kim_bidi_line_runs(KimBidi *bidi, int32_t start, int32_t limit, int32_t *run_starts,
                           int32_t *run_lengths, uint8_t *run_levels, int32_t capacity,
                           int32_t *status);

// MARK: Line breaking (UAX #14 with the locale's tailoring)

/// Line-break opportunities of `text` for `locale`: positions before which a line may start
/// (the text's end included). `hard` is set to 1 where the break is mandatory. Returns the number
/// of positions, which may exceed `capacity` (then call again with more room).
int32_t kim_line_breaks(const char *locale, const uint16_t *text, int32_t length,
                        int32_t *positions, uint8_t *hard, int32_t capacity, int32_t *status);

/// Grapheme cluster boundaries (user-perceived characters), the same contract as kim_line_breaks.
int32_t kim_grapheme_breaks(const char *locale, const uint16_t *text, int32_t length,
                            int32_t *positions, int32_t capacity, int32_t *status);

// MARK: Characters and scripts

/// ICU's script code (UScriptCode) of a code point: 0 is Common, 1 is Inherited.
int32_t kim_script_of(uint32_t code_point, int32_t *status);
/// Whether `script` is among the Script_Extensions of the code point.
int kim_script_has(uint32_t code_point, int32_t script);
/// The script for an ISO 15924 code such as "Arab", or -1 if ICU knows none.
int32_t kim_script_code(const char *iso_code);
/// ISO 15924 code of a script, e.g. "Arab"; NULL for an invalid script.
const char *kim_script_short_name(int32_t script);
/// Unicode name of a script, e.g. "Arabic"; NULL for an invalid script.
const char *kim_script_long_name(int32_t script);
/// Bidi_Paired_Bracket_Type of a code point: 0 none, 1 open, 2 close; `pair` gets the matching
/// bracket (Bidi_Paired_Bracket).
int32_t kim_paired_bracket(uint32_t code_point, uint32_t *pair);
/// The Unicode name of a code point into `buffer`; returns its length.
int32_t kim_char_name(uint32_t code_point, char *buffer, int32_t capacity, int32_t *status);

// MARK: Locales

/// 1 if the locale's script is written right to left.
int kim_locale_is_rtl(const char *locale);
/// The likely script of a locale (ISO 15924, e.g. "Ethi" for "ti") into `buffer`; returns its length.
int32_t kim_locale_likely_script(const char *locale, char *buffer, int32_t capacity, int32_t *status);
/// The likely region of a locale (ISO 3166 or UN M.49, e.g. "UA" for "uk") into `buffer`; returns its length.
int32_t kim_locale_likely_region(const char *locale, char *buffer, int32_t capacity, int32_t *status);
/// The locale's name in `display_locale`, UTF-16, into `buffer`; returns its length.
int32_t kim_locale_display_name(const char *locale, const char *display_locale, uint16_t *buffer,
                                int32_t capacity, int32_t *status);

/// The code points of the locale's exemplar set (0 standard, 1 auxiliary, 3 punctuation), strings
/// in the set contribute each of their code points. Returns the count, which may exceed `capacity`.
int32_t kim_exemplar_characters(const char *locale, int32_t kind, uint32_t *code_points,
                                int32_t capacity, int32_t *status);

// MARK: Plural rules (CLDR)

typedef struct KimPluralRules KimPluralRules;

/// The cardinal plural rules of a locale.
KimPluralRules *kim_plural_open(const char *locale, int32_t *status);
void kim_plural_close(KimPluralRules *rules);
/// The category ("zero", "one", "two", "few", "many", "other") of a number, ASCII, into `buffer`;
/// returns its length.
int32_t kim_plural_select(const KimPluralRules *rules, double number, char *buffer, int32_t capacity,
                          int32_t *status);
/// The categories the locale uses, as one string separated by spaces; returns its length.
int32_t kim_plural_keywords(const KimPluralRules *rules, char *buffer, int32_t capacity, int32_t *status);

// MARK: Number and date formatting

/// Formats a number for a locale (which may carry a numbering system, e.g. "fa@numbers=latn").
/// `style`: 0 decimal, 1 integer (rounded, no fraction), 2 percent. UTF-16 into `buffer`;
/// returns the length.
int32_t kim_format_number(const char *locale, double number, int32_t style, uint16_t *buffer,
                          int32_t capacity, int32_t *status);
/// Formats a date (milliseconds since 1970, shown in UTC: dates are calendar days) with ICU's
/// date style `style` (0 full, 1 long, 2 medium, 3 short). UTF-16 into `buffer`; returns the length.
int32_t kim_format_date(const char *locale, double milliseconds, int32_t style, uint16_t *buffer,
                        int32_t capacity, int32_t *status);
/// Formats a date (UTC) with the locale's best pattern for a skeleton such as "cccc" (weekday
/// name, stand-alone) or "dMMMMy", UTF-16 into `buffer`; returns its length.
int32_t kim_format_date_skeleton(const char *locale, double milliseconds, const uint16_t *skeleton,
                                 int32_t skeleton_length, uint16_t *buffer, int32_t capacity,
                                 int32_t *status);

#ifdef __cplusplus
}
#endif
#endif
