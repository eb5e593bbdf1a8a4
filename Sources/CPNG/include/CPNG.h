// zlib (Debian zlib1g-dev): the PNG encoder of screenshots, the boot cache and `kosatsu render`.
// The frame is cut into horizontal strips deflated on their own threads and joined into one zlib
// stream (each strip but the last ends on a byte boundary with a sync flush; the Adler-32s are
// combined), so a 1080p frame takes about half the time on two cores. One call encodes one frame;
// the caller frees the result with free().
#ifndef C_KOSATSU_PNG_H
#define C_KOSATSU_PNG_H

#include <stddef.h>
#include <stdint.h>

/// Encodes XRGB8888 pixels (B, G, R, X in memory: cairo's RGB24 on little-endian) as an 8-bit RGB PNG
/// with no row filter, at zlib `level`, in up to `strips` strips on as many threads. On success
/// returns 0 (Z_OK) and sets `*png` (free it with free()) and `*size`; otherwise a zlib error code.
int cpng_encode_xrgb(const unsigned char *pixels, uint32_t width, uint32_t height, size_t stride, int level, int strips,
                     void **png, size_t *size);

/// zlib's words for an error code.
const char *cpng_message(int status);

#endif
