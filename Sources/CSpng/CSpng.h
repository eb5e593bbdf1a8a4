// libspng (Debian libspng-dev): the PNG encoder of screenshots, the boot cache and `kosatsu render`.
// One call encodes one frame; the caller frees the result with free().
#ifndef C_KOSATSU_SPNG_H
#define C_KOSATSU_SPNG_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <spng.h>

/// Encodes XRGB8888 pixels (B, G, R, X in memory: cairo's RGB24 on little-endian) as an 8-bit RGB PNG,
/// the same pixels cairo's encoder writes. `level` is zlib's (0–9), `filters` a SPNG_FILTER_CHOICE mask.
/// Rows are converted one at a time, so no second whole-frame buffer is made. On success returns 0 and
/// sets `*png` and `*size`; otherwise returns libspng's error code (spng_strerror names it).
static inline int cspng_encode_xrgb(const unsigned char *pixels, uint32_t width, uint32_t height, size_t stride,
                                    int level, int filters, void **png, size_t *size) {
    *png = NULL;
    *size = 0;
    spng_ctx *context = spng_ctx_new(SPNG_CTX_ENCODER);
    if (context == NULL) return SPNG_EMEM;
    unsigned char *row = malloc((size_t)width * 3);
    int status = row == NULL ? SPNG_EMEM : 0;
    struct spng_ihdr header = {
        .width = width, .height = height, .bit_depth = 8, .color_type = SPNG_COLOR_TYPE_TRUECOLOR};
    if (status == 0) status = spng_set_option(context, SPNG_ENCODE_TO_BUFFER, 1);
    if (status == 0) status = spng_set_option(context, SPNG_IMG_COMPRESSION_LEVEL, level);
    if (status == 0) status = spng_set_option(context, SPNG_FILTER_CHOICE, filters);
    if (status == 0) status = spng_set_ihdr(context, &header);
    if (status == 0) status = spng_encode_image(context, NULL, 0, SPNG_FMT_PNG, SPNG_ENCODE_PROGRESSIVE | SPNG_ENCODE_FINALIZE);
    for (uint32_t y = 0; status == 0 && y < height; y++) {
        const unsigned char *source = pixels + (size_t)y * stride;
        for (uint32_t x = 0; x < width; x++) {
            row[3 * x] = source[4 * x + 2];
            row[3 * x + 1] = source[4 * x + 1];
            row[3 * x + 2] = source[4 * x];
        }
        status = spng_encode_row(context, row, (size_t)width * 3);
        // The last row answers SPNG_EOI: the image is complete (and finalized: IEND written).
        if (status == SPNG_EOI) {
            status = y + 1 == height ? 0 : status;
            break;
        }
    }
    if (status == 0) {
        int error = 0;
        *png = spng_get_png_buffer(context, size, &error);
        status = *png == NULL ? (error != 0 ? error : SPNG_EMEM) : 0;
    }
    free(row);
    spng_ctx_free(context);
    return status;
}

static inline const char *cspng_message(int status) { return spng_strerror(status); }

#endif
