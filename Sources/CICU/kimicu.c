// Implementation of kimicu.h over the system ICU (libicu-dev). See the header for conventions.
#include "kimicu.h"

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
    UBreakIterator *it = ubrk_open(type, locale, (const UChar *)text, length, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
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
    ubrk_close(it);
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
    UNumberFormatStyle s = style == 2 ? UNUM_PERCENT : UNUM_DECIMAL;
    UNumberFormat *f = unum_open(s, NULL, 0, locale, NULL, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    if (style == 1) unum_setAttribute(f, UNUM_MAX_FRACTION_DIGITS, 0);
    int32_t n = unum_formatDouble(f, number, (UChar *)buffer, capacity, NULL, &err);
    unum_close(f);
    *status = err;
    return n;
}

int32_t kim_format_date(const char *locale, double milliseconds, int32_t style, uint16_t *buffer,
                        int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    static const UChar utc[] = {'U', 'T', 'C', 0};
    UDateFormat *f = udat_open(UDAT_NONE, (UDateFormatStyle)style, locale, utc, -1, NULL, 0, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t n = udat_format(f, milliseconds, (UChar *)buffer, capacity, NULL, &err);
    udat_close(f);
    *status = err;
    return n;
}

int32_t kim_format_date_skeleton(const char *locale, double milliseconds, const uint16_t *skeleton,
                                 int32_t skeleton_length, uint16_t *buffer, int32_t capacity,
                                 int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    UDateTimePatternGenerator *g = udatpg_open(locale, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    UChar pattern[128];
    int32_t pn = udatpg_getBestPattern(g, (const UChar *)skeleton, skeleton_length, pattern, 128, &err);
    udatpg_close(g);
    if (U_FAILURE(err)) { *status = err; return 0; }
    static const UChar utc[] = {'U', 'T', 'C', 0};
    UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, utc, -1, pattern, pn, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t n = udat_format(f, milliseconds, (UChar *)buffer, capacity, NULL, &err);
    udat_close(f);
    *status = err;
    return n;
}
