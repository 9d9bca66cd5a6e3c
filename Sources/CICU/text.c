#include "kimicu_text.h"

#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

int32_t kim_normalize_nfc(const uint16_t *text, int32_t length, uint16_t *buffer, int32_t capacity,
                          int32_t *status) {
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st)) { *status = st; return 0; }
    int32_t n = unorm2_normalize(nfc, (const UChar *)text, length, (UChar *)buffer, capacity, &st);
    *status = st == U_BUFFER_OVERFLOW_ERROR ? U_ZERO_ERROR : st;
    return n;
}

int32_t kim_normalize_nfkc(const uint16_t *text, int32_t length, uint16_t *buffer, int32_t capacity,
                           int32_t *status) {
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
    if (U_FAILURE(st)) { *status = st; return 0; }
    int32_t n = unorm2_normalize(nfkc, (const UChar *)text, length, (UChar *)buffer, capacity, &st);
    *status = st == U_BUFFER_OVERFLOW_ERROR ? U_ZERO_ERROR : st;
    return n;
}

static int32_t run_transliterator(UTransliterator *t, const uint16_t *text, int32_t length, uint16_t *buffer,
                                  int32_t capacity, int32_t *status);

int32_t kim_transliterate(const char *id, const uint16_t *text, int32_t length, uint16_t *buffer,
                          int32_t capacity, int32_t *status) {
    UErrorCode st = U_ZERO_ERROR;
    UChar uid[256];
    if (strlen(id) >= 256) { *status = U_ILLEGAL_ARGUMENT_ERROR; return 0; }
    u_uastrcpy(uid, id);
    UTransliterator *t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_FAILURE(st)) { *status = st; return 0; }
    return run_transliterator(t, text, length, buffer, capacity, status);
}

int32_t kim_transliterate_rules(const uint16_t *rules, int32_t rulesLength, const uint16_t *text, int32_t length,
                                uint16_t *buffer, int32_t capacity, int32_t *status) {
    UErrorCode st = U_ZERO_ERROR;
    UParseError parseError;
    UChar uid[] = {'k', 'i', 'm', 'd', 'o', 'c', '-', 'L', 'a', 't', 'i', 'n', 0};
    UTransliterator *t = utrans_openU(uid, -1, UTRANS_FORWARD, (const UChar *)rules, rulesLength, &parseError, &st);
    if (U_FAILURE(st)) { *status = st; return 0; }
    return run_transliterator(t, text, length, buffer, capacity, status);
}

/// Runs `t` over `text` into `buffer` and closes it.
static int32_t run_transliterator(UTransliterator *t, const uint16_t *text, int32_t length, uint16_t *buffer,
                                  int32_t capacity, int32_t *status) {
    UErrorCode st = U_ZERO_ERROR;
    // Transliteration works in place: copy into the buffer when it is large enough, otherwise
    // report the room a generous result needs (callers retry with it).
    int32_t room = length * 4 + 16;
    if (capacity < room) { utrans_close(t); *status = U_ZERO_ERROR; return room; }
    memcpy(buffer, text, (size_t)length * sizeof(UChar));
    int32_t len = length, limit = length;
    utrans_transUChars(t, (UChar *)buffer, &len, capacity, 0, &limit, &st);
    utrans_close(t);
    *status = st;
    return U_FAILURE(st) ? 0 : len;
}
