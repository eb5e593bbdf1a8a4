// libjpeg-turbo's TurboJPEG API (Debian libturbojpeg0-dev): JPEG frames for the preview's motion
// stream. One call compresses one frame; the caller frees the result with ctj_free.
#ifndef C_KOSATSU_TURBOJPEG_H
#define C_KOSATSU_TURBOJPEG_H

#include <stddef.h>
#include <string.h>
#include <turbojpeg.h>

/// Compresses XRGB8888 pixels (B, G, R, X in memory: cairo's RGB24 on little-endian) at `quality`
/// (1–100) with 4:2:0 chroma. On success returns 0 and sets `*jpeg` and `*size`; otherwise writes
/// TurboJPEG's message into `error` (NUL-terminated) and returns -1.
static inline int ctj_compress_xrgb(const unsigned char *pixels, int width, int height, int pitch, int quality,
                                    unsigned char **jpeg, unsigned long *size, char *error, size_t capacity) {
    *jpeg = NULL;
    *size = 0;
    tjhandle handle = tjInitCompress();
    if (handle == NULL) {
        if (capacity > 0) {
            strncpy(error, tjGetErrorStr2(NULL), capacity - 1);
            error[capacity - 1] = '\0';
        }
        return -1;
    }
    int status = tjCompress2(handle, pixels, width, pitch, height, TJPF_BGRX, jpeg, size, TJSAMP_420, quality,
                             TJFLAG_FASTDCT);
    if (status != 0 && capacity > 0) {
        strncpy(error, tjGetErrorStr2(handle), capacity - 1);
        error[capacity - 1] = '\0';
    }
    tjDestroy(handle);
    return status == 0 ? 0 : -1;
}

static inline void ctj_free(unsigned char *jpeg) { tjFree(jpeg); }

#endif
