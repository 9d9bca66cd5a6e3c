// kimicu_text: normalisation and transliteration, for checking untrusted values (client data).
// Same conventions as kimicu.h: UTF-16 text, ICU status codes, no ICU header included.
#ifndef KIMICU_TEXT_H
#define KIMICU_TEXT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// NFC of `text` into `buffer`; returns the length, which may exceed `capacity`
/// (then call again with more room).
int32_t kim_normalize_nfc(const uint16_t *text, int32_t length, uint16_t *buffer, int32_t capacity,
                          int32_t *status);

/// NFKC of `text` (compatibility characters folded: "ﬀ" → "ff"), as kim_normalize_nfc.
int32_t kim_normalize_nfkc(const uint16_t *text, int32_t length, uint16_t *buffer, int32_t capacity,
                           int32_t *status);

/// Runs the ICU transliterator `id` (a compound ID such as "Ukrainian-Latin/BGN; Latin-ASCII")
/// over `text` into `buffer`; returns the length, which may exceed `capacity`.
int32_t kim_transliterate(const char *id, const uint16_t *text, int32_t length, uint16_t *buffer,
                          int32_t capacity, int32_t *status);

/// Runs a rule-based ICU transliterator made from `rules` (ICU's rule syntax, which may call
/// other transliterators with `::ID;`) over `text` into `buffer`; returns the length, which may
/// exceed `capacity`. A rule syntax error is U_PARSE_ERROR (or another parse status) in `status`.
int32_t kim_transliterate_rules(const uint16_t *rules, int32_t rulesLength, const uint16_t *text, int32_t length,
                                uint16_t *buffer, int32_t capacity, int32_t *status);

#ifdef __cplusplus
}
#endif

#endif
