// kimicu_collation: ICU collation (sort keys) and alphabetical indexes, behind kimdoc's own types.
//
// The same conventions as kimicu.h: no ICU header here, text is UTF-16 (uint16_t), `status` is
// ICU's UErrorCode value (0 success, > 0 error, < 0 warning). Implemented in C++ (collation.cpp)
// because ICU's AlphabeticIndex has no C API.
//
// Both objects are immutable once opened and may be used from several threads at once (ICU
// collators are thread-safe for const use; the index is ICU's ImmutableIndex).
#ifndef KIMICU_COLLATION_H
#define KIMICU_COLLATION_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct KimCollator KimCollator;

/// Opens the CLDR collator of `locale` (ICU form, may carry keywords, e.g.
/// "de@collation=phonebook"). If `reorder_count` > 0, the scripts `reorder` (UScriptCode values,
/// see kim_script_code) are put first, in that order, replacing the locale's own reordering; the
/// scripts not listed follow in Unicode's default order (Latin, Greek, Cyrillic, …, Arabic, …,
/// Ethiopic). A requested collation type the locale does not have (phonebook for Turkish) falls
/// back to the locale's standard order with a warning status (-128, U_USING_DEFAULT_WARNING).
KimCollator *kim_collator_open(const char *locale, const int32_t *reorder, int32_t reorder_count, int32_t *status);
void kim_collator_close(KimCollator *collator);

/// The locale whose CLDR tailoring the collator uses, with its keywords ("de@collation=phonebook";
/// "root" when the language has no tailoring of its own, as Tigrinya), into `buffer`; returns its length.
int32_t kim_collator_actual_locale(const KimCollator *collator, char *buffer, int32_t capacity, int32_t *status);

/// The script reordering in effect (UScriptCode values, or reorder group codes); returns the
/// count, which may exceed `capacity`.
int32_t kim_collator_reorder_codes(const KimCollator *collator, int32_t *codes, int32_t capacity, int32_t *status);

/// The sort key of `text`, including its terminating zero byte: keys compare with memcmp in the
/// collator's order. Returns the key's length, which may exceed `capacity` (call again).
int32_t kim_collator_sort_key(const KimCollator *collator, const uint16_t *text, int32_t length, uint8_t *key,
                              int32_t capacity);

/// Compares two texts: -1, 0 or 1.
int32_t kim_collator_compare(const KimCollator *collator, const uint16_t *a, int32_t a_length, const uint16_t *b,
                             int32_t b_length, int32_t *status);

typedef struct KimIndex KimIndex;

/// An alphabetical index (ICU AlphabeticIndex) in the collator's order, with the index characters
/// (CLDR exemplars) of each locale in `label_locales`, separated by commas: the reader's first,
/// then e.g. "en" to give Latin names their own letters ("fa,en"). Buckets are sorted by the
/// collator (scripts in its order).
KimIndex *kim_index_open(const KimCollator *collator, const char *label_locales, int32_t *status);
void kim_index_close(KimIndex *index);

/// How many buckets the index has, including the underflow, inflow and overflow buckets.
int32_t kim_index_bucket_count(const KimIndex *index);

/// The label of a bucket (UTF-16) into `buffer`; returns its length. `type` gets 0 for a normal
/// letter, 1 underflow (before the first letter), 2 inflow (between two scripts), 3 overflow.
int32_t kim_index_bucket_label(const KimIndex *index, int32_t bucket, uint16_t *buffer, int32_t capacity,
                               int32_t *type, int32_t *status);

/// The bucket a text belongs in.
int32_t kim_index_bucket_of(const KimIndex *index, const uint16_t *text, int32_t length, int32_t *status);

/// The language most likely written in a script (CLDR likely subtags: "Cyrl" → "ru", "Ethi" →
/// "am"), ASCII into `buffer`; returns its length. For labelling names in a script other than the reader's.
int32_t kim_likely_language_for_script(const char *iso_script, char *buffer, int32_t capacity, int32_t *status);

#ifdef __cplusplus
}
#endif
#endif
