// Implementation of kimicu_collation.h over the system ICU (libicu-dev), in C++ because ICU's
// AlphabeticIndex has no C API. See the header for conventions.
#include "kimicu_collation.h"

#include <new>
#include <stdio.h>
#include <string.h>
#include <unicode/alphaindex.h>
#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/tblcoll.h>
#include <unicode/unistr.h>

using icu::AlphabeticIndex;
using icu::Collator;
using icu::Locale;
using icu::RuleBasedCollator;
using icu::UnicodeString;

struct KimCollator {
    RuleBasedCollator *collator;
};

struct KimIndex {
    AlphabeticIndex::ImmutableIndex *index;
};

static UnicodeString alias(const uint16_t *text, int32_t length) {
    // Read-only alias: no copy.
    return UnicodeString(false, reinterpret_cast<const char16_t *>(text), length);
}

KimCollator *kim_collator_open(const char *locale, const int32_t *reorder, int32_t reorder_count, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    Collator *base = Collator::createInstance(Locale(locale), err);
    if (U_FAILURE(err)) { delete base; *status = err; return nullptr; }
    // Every collator ICU makes from locale data is rule-based; anything else is unexpected.
    RuleBasedCollator *collator = dynamic_cast<RuleBasedCollator *>(base);
    if (collator == nullptr) { delete base; *status = U_UNSUPPORTED_ERROR; return nullptr; }
    UErrorCode warning = err;
    if (reorder_count > 0) {
        err = U_ZERO_ERROR;
        collator->setReorderCodes(reorder, reorder_count, err);
        if (U_FAILURE(err)) { delete collator; *status = err; return nullptr; }
    }
    KimCollator *out = new (std::nothrow) KimCollator{collator};
    if (out == nullptr) { delete collator; *status = U_MEMORY_ALLOCATION_ERROR; return nullptr; }
    *status = warning;
    return out;
}

void kim_collator_close(KimCollator *collator) {
    if (collator == nullptr) return;
    delete collator->collator;
    delete collator;
}

int32_t kim_collator_actual_locale(const KimCollator *collator, char *buffer, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    Locale actual = collator->collator->getLocale(ULOC_ACTUAL_LOCALE, err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    const char *name = actual.getName();
    if (name == nullptr || name[0] == 0) name = "root";
    int32_t n = (int32_t)strlen(name);
    if (n < capacity) memcpy(buffer, name, (size_t)n + 1);
    *status = U_ZERO_ERROR;
    return n;
}

int32_t kim_collator_reorder_codes(const KimCollator *collator, int32_t *codes, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = collator->collator->getReorderCodes(codes, capacity, err);
    if (err == U_BUFFER_OVERFLOW_ERROR) { *status = U_ZERO_ERROR; return n; }
    *status = U_FAILURE(err) ? err : U_ZERO_ERROR;
    return n;
}

int32_t kim_collator_sort_key(const KimCollator *collator, const uint16_t *text, int32_t length, uint8_t *key,
                              int32_t capacity) {
    return collator->collator->getSortKey(reinterpret_cast<const char16_t *>(text), length, key, capacity);
}

int32_t kim_collator_compare(const KimCollator *collator, const uint16_t *a, int32_t a_length, const uint16_t *b,
                             int32_t b_length, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UCollationResult r = collator->collator->compare(reinterpret_cast<const char16_t *>(a), a_length,
                                                     reinterpret_cast<const char16_t *>(b), b_length, err);
    *status = U_FAILURE(err) ? err : U_ZERO_ERROR;
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

KimIndex *kim_index_open(const KimCollator *collator, const char *label_locales, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    RuleBasedCollator *copy = collator->collator->clone();
    if (copy == nullptr) { *status = U_MEMORY_ALLOCATION_ERROR; return nullptr; }
    // The index adopts the copy, also when its construction fails.
    AlphabeticIndex builder(copy, err);
    if (U_FAILURE(err)) { *status = err; return nullptr; }
    // Room for several alphabets (ICU's default of 99 would thin them out).
    builder.setMaxLabelCount(1000, err);
    for (const char *p = label_locales; *p != 0 && U_SUCCESS(err);) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char name[64];
        if (n == 0 || n >= sizeof name) { *status = U_ILLEGAL_ARGUMENT_ERROR; return nullptr; }
        memcpy(name, p, n);
        name[n] = 0;
        builder.addLabels(Locale(name), err);
        p = end ? end + 1 : p + n;
    }
    if (U_FAILURE(err)) { *status = err; return nullptr; }
    AlphabeticIndex::ImmutableIndex *index = builder.buildImmutableIndex(err);
    if (U_FAILURE(err)) { delete index; *status = err; return nullptr; }
    KimIndex *out = new (std::nothrow) KimIndex{index};
    if (out == nullptr) { delete index; *status = U_MEMORY_ALLOCATION_ERROR; return nullptr; }
    *status = U_ZERO_ERROR;
    return out;
}

void kim_index_close(KimIndex *index) {
    if (index == nullptr) return;
    delete index->index;
    delete index;
}

int32_t kim_index_bucket_count(const KimIndex *index) { return index->index->getBucketCount(); }

int32_t kim_index_bucket_label(const KimIndex *index, int32_t bucket, uint16_t *buffer, int32_t capacity,
                               int32_t *type, int32_t *status) {
    const AlphabeticIndex::Bucket *b = index->index->getBucket(bucket);
    if (b == nullptr) { *status = U_INDEX_OUTOFBOUNDS_ERROR; return 0; }
    *type = (int32_t)b->getLabelType();
    const UnicodeString &label = b->getLabel();
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = label.extract(reinterpret_cast<char16_t *>(buffer), capacity, err);
    *status = (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR) ? err : U_ZERO_ERROR;
    return n;
}

int32_t kim_index_bucket_of(const KimIndex *index, const uint16_t *text, int32_t length, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t bucket = index->index->getBucketIndex(alias(text, length), err);
    *status = U_FAILURE(err) ? err : U_ZERO_ERROR;
    return bucket;
}

int32_t kim_likely_language_for_script(const char *iso_script, char *buffer, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    char tag[32];
    snprintf(tag, sizeof tag, "und_%s", iso_script);
    Locale locale(tag);
    locale.addLikelySubtags(err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    const char *language = locale.getLanguage();
    int32_t n = (int32_t)strlen(language);
    if (n == 0 || strcmp(language, "und") == 0) { *status = U_MISSING_RESOURCE_ERROR; return 0; }
    if (n < capacity) memcpy(buffer, language, (size_t)n + 1);
    *status = U_ZERO_ERROR;
    return n;
}
