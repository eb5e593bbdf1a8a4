#include "CPNG.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define CPNG_MAX_STRIPS 8

typedef struct {
    const unsigned char *pixels;
    size_t stride;
    uint32_t width;
    uint32_t first, end;  // rows [first, end)
    int level;
    int last;
    unsigned char *out;
    size_t out_size;
    uLong adler;
    z_off_t raw_length;
    int status;
} cpng_strip;

/// Deflates rows [first, end) as filter byte 0 (none) and R, G, B, as raw deflate: the zlib header
/// and trailer are written once around every strip.
static void *cpng_deflate_strip(void *argument) {
    cpng_strip *strip = argument;
    size_t row_bytes = 1 + (size_t)strip->width * 3;
    strip->raw_length = (z_off_t)(row_bytes * (strip->end - strip->first));
    strip->adler = adler32(0L, Z_NULL, 0);
    unsigned char *row = malloc(row_bytes);
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    int status = row == NULL ? Z_MEM_ERROR : deflateInit2(&stream, strip->level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    if (status != Z_OK) {
        free(row);
        strip->status = status;
        return NULL;
    }
    size_t capacity = deflateBound(&stream, (uLong)strip->raw_length) + 64;
    strip->out = malloc(capacity);
    if (strip->out == NULL) status = Z_MEM_ERROR;
    stream.next_out = strip->out;
    stream.avail_out = (uInt)capacity;
    for (uint32_t y = strip->first; status == Z_OK && y < strip->end; y++) {
        const unsigned char *source = strip->pixels + (size_t)y * strip->stride;
        row[0] = 0;
        for (uint32_t x = 0; x < strip->width; x++) {
            row[1 + 3 * x] = source[4 * x + 2];
            row[2 + 3 * x] = source[4 * x + 1];
            row[3 + 3 * x] = source[4 * x];
        }
        strip->adler = adler32(strip->adler, row, (uInt)row_bytes);
        stream.next_in = row;
        stream.avail_in = (uInt)row_bytes;
        int flush = y + 1 < strip->end ? Z_NO_FLUSH : (strip->last ? Z_FINISH : Z_SYNC_FLUSH);
        status = deflate(&stream, flush);
        if (status == Z_STREAM_END && flush == Z_FINISH) {
            status = Z_OK;
        } else if (status == Z_OK && (stream.avail_in != 0 || stream.avail_out == 0)) {
            status = Z_BUF_ERROR;  // never, with deflateBound's room
        }
    }
    strip->out_size = capacity - stream.avail_out;
    deflateEnd(&stream);
    free(row);
    strip->status = status;
    return NULL;
}

static inline unsigned char *cpng_put32(unsigned char *at, uint32_t value) {
    at[0] = (unsigned char)(value >> 24);
    at[1] = (unsigned char)(value >> 16);
    at[2] = (unsigned char)(value >> 8);
    at[3] = (unsigned char)value;
    return at + 4;
}

int cpng_encode_xrgb(const unsigned char *pixels, uint32_t width, uint32_t height, size_t stride,
                                   int level, int strips, void **png, size_t *size) {
    *png = NULL;
    *size = 0;
    if (strips < 1) strips = 1;
    if (strips > CPNG_MAX_STRIPS) strips = CPNG_MAX_STRIPS;
    if ((uint32_t)strips > height) strips = (int)height;
    cpng_strip parts[CPNG_MAX_STRIPS];
    pthread_t threads[CPNG_MAX_STRIPS];
    int started[CPNG_MAX_STRIPS] = {0};
    uint32_t rows = (height + (uint32_t)strips - 1) / (uint32_t)strips;
    for (int i = 0; i < strips; i++) {
        uint32_t first = (uint32_t)i * rows;
        uint32_t end = first + rows < height ? first + rows : height;
        parts[i] = (cpng_strip){.pixels = pixels, .stride = stride, .width = width, .first = first, .end = end,
                                .level = level, .last = i == strips - 1};
    }
    for (int i = 1; i < strips; i++) started[i] = pthread_create(&threads[i], NULL, cpng_deflate_strip, &parts[i]) == 0;
    cpng_deflate_strip(&parts[0]);
    for (int i = 1; i < strips; i++) {
        if (started[i]) pthread_join(threads[i], NULL);
        else cpng_deflate_strip(&parts[i]);  // no thread to be had: this one does it
    }
    int status = Z_OK;
    size_t data = 2 + 4;  // zlib header, Adler-32
    uLong adler = parts[0].adler;
    for (int i = 0; i < strips; i++) {
        if (parts[i].status != Z_OK) status = parts[i].status;
        data += parts[i].out_size;
        if (i > 0) adler = adler32_combine(adler, parts[i].adler, parts[i].raw_length);
    }
    unsigned char *out = status == Z_OK && data <= 0x7FFFFFFF ? malloc(8 + 25 + 12 + data + 12) : NULL;
    if (out == NULL && status == Z_OK) status = Z_MEM_ERROR;
    if (out != NULL) {
        static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        unsigned char *at = out;
        memcpy(at, signature, 8);
        at += 8;
        // IHDR: 8-bit truecolour, deflate, adaptive filtering method, no interlace.
        unsigned char *chunk = at;
        at = cpng_put32(at, 13);
        memcpy(at, "IHDR", 4);
        at = cpng_put32(at + 4, width);
        at = cpng_put32(at, height);
        *at++ = 8;
        *at++ = 2;
        *at++ = 0;
        *at++ = 0;
        *at++ = 0;
        at = cpng_put32(at, (uint32_t)crc32(0L, chunk + 4, 17));
        // IDAT: the zlib header (deflate, 32 K window, fastest), the strips, the combined Adler-32.
        chunk = at;
        at = cpng_put32(at, (uint32_t)data);
        memcpy(at, "IDAT", 4);
        at += 4;
        *at++ = 0x78;
        *at++ = 0x01;
        for (int i = 0; i < strips; i++) {
            memcpy(at, parts[i].out, parts[i].out_size);
            at += parts[i].out_size;
        }
        at = cpng_put32(at, (uint32_t)adler);
        at = cpng_put32(at, (uint32_t)crc32(0L, chunk + 4, (uInt)(4 + data)));
        at = cpng_put32(at, 0);
        memcpy(at, "IEND", 4);
        at = cpng_put32(at + 4, (uint32_t)crc32(0L, (const Bytef *)"IEND", 4));
        *png = out;
        *size = (size_t)(at - out);
    }
    for (int i = 0; i < strips; i++) free(parts[i].out);
    return status;
}

const char *cpng_message(int status) { return zError(status); }
