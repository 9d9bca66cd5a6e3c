// Implementation of kimicu.h over the system ICU (libicu-dev). See the header for conventions.
#include "kimicu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/unum.h>
#include <unicode/upluralrules.h>
#include <unicode/uenum.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/utypes.h>
#include <unicode/ustring.h>

const char *kim_icu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

// MARK: Per-thread cache of ICU services
//
// Opening a break iterator, number or date formatter loads and parses locale data: about as much
// work as laying out a paragraph. ICU's service objects are not thread-safe, so each thread keeps
// the few it has used, keyed by kind and locale (plus style or pattern), and reuses them. The
// cache is small and fixed; the oldest entry is closed when it is full.

enum { KIM_CACHE_SLOTS = 24, KIM_CACHE_KEY = 96 };
enum { KIM_KIND_BREAK = 1, KIM_KIND_NUMBER, KIM_KIND_DATE, KIM_KIND_PATTERN_DATE };

typedef struct {
    int kind;
    char key[KIM_CACHE_KEY];
    void *object;
    void (*close)(void *);
} KimCacheSlot;

static _Thread_local KimCacheSlot kim_cache[KIM_CACHE_SLOTS];
static _Thread_local int kim_cache_next;

static void *kim_cache_get(int kind, const char *key) {
    for (int i = 0; i < KIM_CACHE_SLOTS; i++) {
        if (kim_cache[i].object != NULL && kim_cache[i].kind == kind && strcmp(kim_cache[i].key, key) == 0)
            return kim_cache[i].object;
    }
    return NULL;
}

/// Keeps `object` under the key; returns 0 (and keeps nothing) if the key is too long to cache,
/// in which case the caller closes the object itself.
static int kim_cache_put(int kind, const char *key, void *object, void (*close)(void *)) {
    if (strlen(key) >= KIM_CACHE_KEY) return 0;
    KimCacheSlot *slot = &kim_cache[kim_cache_next];
    kim_cache_next = (kim_cache_next + 1) % KIM_CACHE_SLOTS;
    if (slot->object != NULL) slot->close(slot->object);
    slot->kind = kind;
    strcpy(slot->key, key);
    slot->object = object;
    slot->close = close;
    return 1;
}

static void kim_close_break(void *p) { ubrk_close((UBreakIterator *)p); }
static void kim_close_number(void *p) { unum_close((UNumberFormat *)p); }
static void kim_close_date(void *p) { udat_close((UDateFormat *)p); }

/// "<a>|<b>" (b may be NULL) into `key`; 0 if it does not fit.
static int kim_key(char *key, const char *a, const char *b) {
    int n = snprintf(key, KIM_CACHE_KEY, "%s|%s", a, b ? b : "");
    return n >= 0 && n < KIM_CACHE_KEY;
}

// MARK: Bidi

struct KimBidi {
    UBiDi *para;
    UBiDi *line;
};

KimBidi *kim_bidi_open(const uint16_t *text, int32_t length, uint8_t para_level, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UBiDi *para = ubidi_openSized(length, 0, &err);
    if (U_FAILURE(err)) { *status = err; return NULL; }
    UBiDiLevel level = para_level == 254 ? UBIDI_DEFAULT_LTR : para_level;
    ubidi_setPara(para, (const UChar *)text, length, level, NULL, &err);
    if (U_FAILURE(err)) { ubidi_close(para); *status = err; return NULL; }
    UBiDi *line = ubidi_openSized(length, 0, &err);
    if (U_FAILURE(err)) { ubidi_close(para); *status = err; return NULL; }
    KimBidi *bidi = malloc(sizeof(KimBidi));
    if (bidi == NULL) { ubidi_close(line); ubidi_close(para); *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    bidi->para = para;
    bidi->line = line;
    *status = U_ZERO_ERROR;
    return bidi;
}

void kim_bidi_close(KimBidi *bidi) {
    if (bidi == NULL) return;
    ubidi_close(bidi->line);
    ubidi_close(bidi->para);
    free(bidi);
}

uint8_t kim_bidi_paragraph_level(const KimBidi *bidi) { return ubidi_getParaLevel(bidi->para); }

void kim_bidi_levels(KimBidi *bidi, uint8_t *levels, int32_t length, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    const UBiDiLevel *src = ubidi_getLevels(bidi->para, &err);
    if (U_FAILURE(err)) { *status = err; return; }
    int32_t n = ubidi_getLength(bidi->para);
    if (n > length) n = length;
    memcpy(levels, src, (size_t)n);
    *status = U_ZERO_ERROR;
}

int32_t kim_bidi_line_runs(KimBidi *bidi, int32_t start, int32_t limit, int32_t *run_starts,
                           int32_t *run_lengths, uint8_t *run_levels, int32_t capacity,
                           int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    ubidi_setLine(bidi->para, start, limit, bidi->line, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t count = ubidi_countRuns(bidi->line, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    for (int32_t i = 0; i < count && i < capacity; i++) {
        int32_t logical_start = 0, length = 0;
        ubidi_getVisualRun(bidi->line, i, &logical_start, &length);
        run_starts[i] = start + logical_start;
        run_lengths[i] = length;
        run_levels[i] = ubidi_getLevelAt(bidi->line, logical_start);
    }
    *status = U_ZERO_ERROR;
    return count;
}

// MARK: Breaks

static int32_t collect_breaks(UBreakIteratorType type, const char *locale, const uint16_t *text,
                              int32_t length, int32_t *positions, uint8_t *hard, int32_t capacity,
                              int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    char key[KIM_CACHE_KEY];
    int cacheable = kim_key(key, locale, type == UBRK_LINE ? "line" : type == UBRK_CHARACTER ? "char" : "other");
    UBreakIterator *it = cacheable ? kim_cache_get(KIM_KIND_BREAK, key) : NULL;
    int owned = 0;
    if (it == NULL) {
        it = ubrk_open(type, locale, NULL, 0, &err);
        if (U_FAILURE(err)) { *status = err; return 0; }
        owned = !(cacheable && kim_cache_put(KIM_KIND_BREAK, key, it, kim_close_break));
    }
    ubrk_setText(it, (const UChar *)text, length, &err);
    if (U_FAILURE(err)) {
        if (owned) ubrk_close(it);
        *status = err;
        return 0;
    }
    int32_t count = 0;
    ubrk_first(it);
    for (int32_t pos = ubrk_next(it); pos != UBRK_DONE; pos = ubrk_next(it)) {
        if (count < capacity) {
            positions[count] = pos;
            if (hard != NULL) {
                int32_t rule = ubrk_getRuleStatus(it);
                hard[count] = (rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT) ? 1 : 0;
            }
        }
        count++;
    }
    if (owned) ubrk_close(it);
    *status = U_ZERO_ERROR;
    return count;
}

int32_t kim_line_breaks(const char *locale, const uint16_t *text, int32_t length,
                        int32_t *positions, uint8_t *hard, int32_t capacity, int32_t *status) {
    return collect_breaks(UBRK_LINE, locale, text, length, positions, hard, capacity, status);
}

int32_t kim_grapheme_breaks(const char *locale, const uint16_t *text, int32_t length,
                            int32_t *positions, int32_t capacity, int32_t *status) {
    return collect_breaks(UBRK_CHARACTER, locale, text, length, positions, NULL, capacity, status);
}

// MARK: Characters and scripts

int32_t kim_script_of(uint32_t code_point, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript((UChar32)code_point, &err);
    *status = err;
    return (int32_t)script;
}

int kim_script_has(uint32_t code_point, int32_t script) {
    return uscript_hasScript((UChar32)code_point, (UScriptCode)script) ? 1 : 0;
}

int32_t kim_script_code(const char *iso_code) {
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode codes[4];
    int32_t n = uscript_getCode(iso_code, codes, 4, &err);
    if (U_FAILURE(err) || n < 1) return -1;
    return (int32_t)codes[0];
}

const char *kim_script_short_name(int32_t script) { return uscript_getShortName((UScriptCode)script); }

const char *kim_script_long_name(int32_t script) { return uscript_getName((UScriptCode)script); }

int32_t kim_paired_bracket(uint32_t code_point, uint32_t *pair) {
    *pair = (uint32_t)u_getBidiPairedBracket((UChar32)code_point);
    return u_getIntPropertyValue((UChar32)code_point, UCHAR_BIDI_PAIRED_BRACKET_TYPE);
}

int32_t kim_char_name(uint32_t code_point, char *buffer, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = u_charName((UChar32)code_point, U_EXTENDED_CHAR_NAME, buffer, capacity, &err);
    *status = err;
    return n;
}

// MARK: Locales

int kim_locale_is_rtl(const char *locale) { return uloc_isRightToLeft(locale) ? 1 : 0; }

int32_t kim_locale_likely_script(const char *locale, char *buffer, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    char maximized[ULOC_FULLNAME_CAPACITY];
    uloc_addLikelySubtags(locale, maximized, sizeof maximized, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t n = uloc_getScript(maximized, buffer, capacity, &err);
    *status = err;
    return n;
}

int32_t kim_locale_likely_region(const char *locale, char *buffer, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    char maximized[ULOC_FULLNAME_CAPACITY];
    uloc_addLikelySubtags(locale, maximized, sizeof maximized, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t n = uloc_getCountry(maximized, buffer, capacity, &err);
    *status = err;
    return n;
}

int32_t kim_locale_display_name(const char *locale, const char *display_locale, uint16_t *buffer,
                                int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = uloc_getDisplayName(locale, display_locale, (UChar *)buffer, capacity, &err);
    *status = err;
    return n;
}

int32_t kim_exemplar_characters(const char *locale, int32_t kind, uint32_t *code_points,
                                int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    ULocaleData *data = ulocdata_open(locale, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    USet *set = ulocdata_getExemplarSet(data, NULL, 0, (ULocaleDataExemplarSetType)kind, &err);
    ulocdata_close(data);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t count = 0;
    int32_t items = uset_getItemCount(set);
    UChar string[64];
    for (int32_t i = 0; i < items; i++) {
        UChar32 first = 0, last = 0;
        int32_t len = uset_getItem(set, i, &first, &last, string, 64, &err);
        if (U_FAILURE(err)) { uset_close(set); *status = err; return 0; }
        if (len == 0) {
            for (UChar32 c = first; c <= last; c++) {
                if (count < capacity) code_points[count] = (uint32_t)c;
                count++;
            }
        } else {
            for (int32_t j = 0; j < len;) {
                UChar32 c;
                U16_NEXT(string, j, len, c);
                if (count < capacity) code_points[count] = (uint32_t)c;
                count++;
            }
        }
    }
    uset_close(set);
    *status = U_ZERO_ERROR;
    return count;
}

// MARK: Plural rules

struct KimPluralRules {
    UPluralRules *rules;
};

KimPluralRules *kim_plural_open(const char *locale, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UPluralRules *rules = uplrules_openForType(locale, UPLURAL_TYPE_CARDINAL, &err);
    if (U_FAILURE(err)) { *status = err; return NULL; }
    KimPluralRules *r = malloc(sizeof(KimPluralRules));
    if (r == NULL) { uplrules_close(rules); *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    r->rules = rules;
    *status = U_ZERO_ERROR;
    return r;
}

void kim_plural_close(KimPluralRules *rules) {
    if (rules == NULL) return;
    uplrules_close(rules->rules);
    free(rules);
}

int32_t kim_plural_select(const KimPluralRules *rules, double number, char *buffer, int32_t capacity,
                          int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UChar keyword[32];
    int32_t n = uplrules_select(rules->rules, number, keyword, 32, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    u_UCharsToChars(keyword, buffer, n < capacity ? n : capacity);
    *status = U_ZERO_ERROR;
    return n;
}

int32_t kim_plural_keywords(const KimPluralRules *rules, char *buffer, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UEnumeration *e = uplrules_getKeywords(rules->rules, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t used = 0;
    int32_t length = 0;
    const char *kw;
    while ((kw = uenum_next(e, &length, &err)) != NULL && U_SUCCESS(err)) {
        if (used > 0 && used < capacity) buffer[used] = ' ';
        if (used > 0) used++;
        for (int32_t i = 0; i < length; i++) {
            if (used < capacity) buffer[used] = kw[i];
            used++;
        }
    }
    uenum_close(e);
    *status = err;
    return used;
}

// MARK: Number and date formatting

int32_t kim_format_number(const char *locale, double number, int32_t style, uint16_t *buffer,
                          int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    char key[KIM_CACHE_KEY];
    int cacheable = kim_key(key, locale, style == 2 ? "percent" : style == 1 ? "integer" : "decimal");
    UNumberFormat *f = cacheable ? kim_cache_get(KIM_KIND_NUMBER, key) : NULL;
    int owned = 0;
    if (f == NULL) {
        UNumberFormatStyle s = style == 2 ? UNUM_PERCENT : UNUM_DECIMAL;
        f = unum_open(s, NULL, 0, locale, NULL, &err);
        if (U_FAILURE(err)) { *status = err; return 0; }
        if (style == 1) unum_setAttribute(f, UNUM_MAX_FRACTION_DIGITS, 0);
        owned = !(cacheable && kim_cache_put(KIM_KIND_NUMBER, key, f, kim_close_number));
    }
    int32_t n = unum_formatDouble(f, number, (UChar *)buffer, capacity, NULL, &err);
    if (owned) unum_close(f);
    *status = err;
    return n;
}

int32_t kim_format_date(const char *locale, double milliseconds, int32_t style, uint16_t *buffer,
                        int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    static const UChar utc[] = {'U', 'T', 'C', 0};
    char key[KIM_CACHE_KEY], styleName[8];
    snprintf(styleName, sizeof styleName, "%d", (int)style);
    int cacheable = kim_key(key, locale, styleName);
    UDateFormat *f = cacheable ? kim_cache_get(KIM_KIND_DATE, key) : NULL;
    int owned = 0;
    if (f == NULL) {
        f = udat_open(UDAT_NONE, (UDateFormatStyle)style, locale, utc, -1, NULL, 0, &err);
        if (U_FAILURE(err)) { *status = err; return 0; }
        owned = !(cacheable && kim_cache_put(KIM_KIND_DATE, key, f, kim_close_date));
    }
    int32_t n = udat_format(f, milliseconds, (UChar *)buffer, capacity, NULL, &err);
    if (owned) udat_close(f);
    *status = err;
    return n;
}

int32_t kim_format_date_skeleton(const char *locale, double milliseconds, const uint16_t *skeleton,
                                 int32_t skeleton_length, uint16_t *buffer, int32_t capacity,
                                 int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    // The key holds the skeleton as ASCII (skeletons are pattern letters); others are not cached.
    char skeletonName[32];
    int cacheable = skeleton_length < 32;
    for (int32_t i = 0; cacheable && i < skeleton_length; i++) {
        if (skeleton[i] == 0 || skeleton[i] > 0x7E) cacheable = 0;
        else skeletonName[i] = (char)skeleton[i];
    }
    if (cacheable) skeletonName[skeleton_length] = 0;
    char key[KIM_CACHE_KEY];
    cacheable = cacheable && kim_key(key, locale, skeletonName);
    UDateFormat *f = cacheable ? kim_cache_get(KIM_KIND_PATTERN_DATE, key) : NULL;
    int owned = 0;
    if (f == NULL) {
        UDateTimePatternGenerator *g = udatpg_open(locale, &err);
        if (U_FAILURE(err)) { *status = err; return 0; }
        UChar pattern[128];
        int32_t pn = udatpg_getBestPattern(g, (const UChar *)skeleton, skeleton_length, pattern, 128, &err);
        udatpg_close(g);
        if (U_FAILURE(err)) { *status = err; return 0; }
        static const UChar utc[] = {'U', 'T', 'C', 0};
        f = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, utc, -1, pattern, pn, &err);
        if (U_FAILURE(err)) { *status = err; return 0; }
        owned = !(cacheable && kim_cache_put(KIM_KIND_PATTERN_DATE, key, f, kim_close_date));
    }
    int32_t n = udat_format(f, milliseconds, (UChar *)buffer, capacity, NULL, &err);
    if (owned) udat_close(f);
    *status = err;
    return n;
}
