// glibc's malloc tuning (malloc.h is not part of Swift's Glibc module): set once by the daemon.
#ifndef C_KOSATSU_MALLOC_H
#define C_KOSATSU_MALLOC_H

#include <malloc.h>

/// Sets mallopt's mmap threshold, arena count and trim threshold; returns 1 when glibc took all three.
static inline int cmalloc_tune(int mmap_threshold, int arenas, int trim_threshold) {
    int ok = mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    ok &= mallopt(M_ARENA_MAX, arenas);
    ok &= mallopt(M_TRIM_THRESHOLD, trim_threshold);
    return ok;
}

/// Returns free memory inside malloc's arenas to the kernel.
static inline void cmalloc_trim(void) { malloc_trim(0); }

#endif
