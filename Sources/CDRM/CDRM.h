// CDRM: the few libdrm calls Kosatsu's display output needs, as plain C functions.
//
// A system-library target (pkg-config `libdrm`, which adds -I/usr/include/libdrm for every
// target that imports it), so the shim lives here as static inline functions.
// Every function that can fail returns 0 or a positive errno, whichever convention the
// underlying libdrm call uses (drmIoctl returns -1 and sets errno, most drmMode* calls return
// -errno), so the Swift side reads one convention. Macros Swift cannot import become functions.
#ifndef C_KOSATSU_DRM_H
#define C_KOSATSU_DRM_H

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>
#include <drm_fourcc.h>
// sockaddr_nl and NETLINK_KOBJECT_UEVENT for the hotplug monitor (not in Swift's Glibc module).
#include <linux/netlink.h>

// Swift builds these arrays itself and hands them to libdrm, which passes them to the kernel
// as its own structs: the layouts must stay identical.
_Static_assert(sizeof(drmModeModeInfo) == sizeof(struct drm_mode_modeinfo), "mode info layout");
_Static_assert(sizeof(drmModeModeInfo) == 68, "mode info is 68 bytes");
_Static_assert(sizeof(drmModeClip) == sizeof(struct drm_clip_rect), "clip layout");
_Static_assert(sizeof(drmModeClip) == 8, "clip is 8 bytes");
// FB_DAMAGE_CLIPS blobs are arrays of four int32 corners.
_Static_assert(sizeof(struct drm_mode_rect) == 16, "damage rect is 16 bytes");
// cdrm_read_flip_events walks the kernel's event stream by these headers.
_Static_assert(sizeof(struct drm_event) == 8, "event header is 8 bytes");
_Static_assert(sizeof(struct drm_event_vblank) == 32, "flip event is 32 bytes");

static inline int cdrm_status(int ret) {
    if (ret >= 0) {
        return 0;
    }
    if (errno != 0) {
        return errno;
    }
    return -ret;
}

/// DRM_FORMAT_XRGB8888, a function-like macro in drm_fourcc.h.
static inline uint32_t cdrm_format_xrgb8888(void) { return DRM_FORMAT_XRGB8888; }
/// DRM_MODE_TYPE_PREFERRED.
static inline uint32_t cdrm_mode_type_preferred(void) { return DRM_MODE_TYPE_PREFERRED; }
/// DRM_MODE_OBJECT_PLANE.
static inline uint32_t cdrm_object_plane(void) { return DRM_MODE_OBJECT_PLANE; }
/// DRM_CLIENT_CAP_UNIVERSAL_PLANES.
static inline uint64_t cdrm_client_cap_universal_planes(void) { return DRM_CLIENT_CAP_UNIVERSAL_PLANES; }
/// DRM_MODE_PROP_ENUM and DRM_MODE_PROP_BITMASK, whose enum entries name the values.
static inline uint32_t cdrm_prop_enum_or_bitmask(void) { return DRM_MODE_PROP_ENUM | DRM_MODE_PROP_BITMASK; }

static inline int cdrm_set_client_cap(int fd, uint64_t capability, uint64_t value) {
    errno = 0;
    return cdrm_status(drmSetClientCap(fd, capability, value));
}

static inline int cdrm_set_master(int fd) {
    errno = 0;
    return cdrm_status(drmSetMaster(fd));
}

static inline int cdrm_drop_master(int fd) {
    errno = 0;
    return cdrm_status(drmDropMaster(fd));
}

/// The driver's name (e.g. "bochs-drm", "virtio_gpu", "simpledrm") into `name`, NUL-terminated.
static inline int cdrm_driver_name(int fd, char *name, size_t capacity) {
    errno = 0;
    drmVersionPtr version = drmGetVersion(fd);
    if (version == NULL) {
        return errno != 0 ? errno : ENODEV;
    }
    if (capacity > 0) {
        size_t length = (size_t)version->name_len < capacity - 1 ? (size_t)version->name_len : capacity - 1;
        memcpy(name, version->name, length);
        name[length] = '\0';
    }
    drmFreeVersion(version);
    return 0;
}

static inline int cdrm_create_dumb(int fd, uint32_t width, uint32_t height, uint32_t bpp,
                                   uint32_t *handle, uint32_t *pitch, uint64_t *size) {
    errno = 0;
    return cdrm_status(drmModeCreateDumbBuffer(fd, width, height, bpp, 0, handle, pitch, size));
}

static inline int cdrm_map_dumb(int fd, uint32_t handle, uint64_t *offset) {
    errno = 0;
    return cdrm_status(drmModeMapDumbBuffer(fd, handle, offset));
}

static inline int cdrm_destroy_dumb(int fd, uint32_t handle) {
    errno = 0;
    return cdrm_status(drmModeDestroyDumbBuffer(fd, handle));
}

/// A framebuffer of format XRGB8888 over one dumb buffer.
static inline int cdrm_add_fb_xrgb8888(int fd, uint32_t width, uint32_t height, uint32_t handle,
                                       uint32_t pitch, uint32_t *fb_id) {
    uint32_t handles[4] = {handle, 0, 0, 0};
    uint32_t pitches[4] = {pitch, 0, 0, 0};
    uint32_t offsets[4] = {0, 0, 0, 0};
    errno = 0;
    return cdrm_status(drmModeAddFB2(fd, width, height, DRM_FORMAT_XRGB8888, handles, pitches,
                                     offsets, fb_id, 0));
}

static inline int cdrm_remove_fb(int fd, uint32_t fb_id) {
    errno = 0;
    return cdrm_status(drmModeRmFB(fd, fb_id));
}

/// Legacy modeset. `fb_id` 0 with a NULL mode turns the CRTC off.
static inline int cdrm_set_crtc(int fd, uint32_t crtc_id, uint32_t fb_id, uint32_t x, uint32_t y,
                                uint32_t *connectors, int connector_count, const drmModeModeInfo *mode) {
    errno = 0;
    // libdrm's prototype takes a non-const mode it never writes.
    return cdrm_status(drmModeSetCrtc(fd, crtc_id, fb_id, x, y, connectors, connector_count,
                                      (drmModeModeInfoPtr)mode));
}

/// Legacy page flip that asks for an event carrying `user_data`.
static inline int cdrm_page_flip(int fd, uint32_t crtc_id, uint32_t fb_id, uint64_t user_data) {
    errno = 0;
    return cdrm_status(drmModePageFlip(fd, crtc_id, fb_id, DRM_MODE_PAGE_FLIP_EVENT,
                                       (void *)(uintptr_t)user_data));
}

static inline int cdrm_dirty_fb(int fd, uint32_t fb_id, drmModeClip *clips, uint32_t clip_count) {
    errno = 0;
    return cdrm_status(drmModeDirtyFB(fd, fb_id, clips, clip_count));
}

/// Waits up to `timeout_ms` for the fd to become readable and reads its events.
/// Stores the user data of each completed page flip in `user_data` (up to `capacity`) and
/// their number in `count`. Returns ETIMEDOUT when nothing arrived in time.
///
/// This reads the event stream itself, as drmHandleEvent does, because drmHandleEvent reports
/// through a callback without a context pointer of ours (only the flip's own user data).
static inline int cdrm_read_flip_events(int fd, int timeout_ms, uint64_t *user_data, size_t capacity,
                                        size_t *count) {
    *count = 0;
    struct pollfd pfd = {.fd = fd, .events = POLLIN, .revents = 0};
    int ready;
    do {
        ready = poll(&pfd, 1, timeout_ms);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) {
        return errno;
    }
    if (ready == 0) {
        return ETIMEDOUT;
    }
    // The kernel never splits an event across reads; 1024 bytes holds 32 flip events.
    _Alignas(8) char buffer[1024];
    ssize_t length;
    do {
        length = read(fd, buffer, sizeof(buffer));
    } while (length < 0 && errno == EINTR);
    if (length < 0) {
        return errno;
    }
    size_t offset = 0;
    while (offset + sizeof(struct drm_event) <= (size_t)length) {
        struct drm_event header;
        memcpy(&header, buffer + offset, sizeof(header));
        if (header.length < sizeof(header) || offset + header.length > (size_t)length) {
            break;
        }
        if (header.type == DRM_EVENT_FLIP_COMPLETE && header.length >= sizeof(struct drm_event_vblank)) {
            struct drm_event_vblank flip;
            memcpy(&flip, buffer + offset, sizeof(flip));
            if (*count < capacity) {
                user_data[*count] = flip.user_data;
                *count += 1;
            }
        }
        offset += header.length;
    }
    return 0;
}

/// DRM_CLIENT_CAP_ATOMIC and the object types whose properties an atomic commit sets.
static inline uint64_t cdrm_client_cap_atomic(void) { return DRM_CLIENT_CAP_ATOMIC; }
static inline uint32_t cdrm_object_crtc(void) { return DRM_MODE_OBJECT_CRTC; }
static inline uint32_t cdrm_object_connector(void) { return DRM_MODE_OBJECT_CONNECTOR; }
/// Atomic commit flags: a modeset may change the mode; a flip returns at once and sends an event.
static inline uint32_t cdrm_atomic_modeset_flags(void) { return DRM_MODE_ATOMIC_ALLOW_MODESET; }
static inline uint32_t cdrm_atomic_flip_flags(void) {
    return DRM_MODE_ATOMIC_NONBLOCK | DRM_MODE_PAGE_FLIP_EVENT;
}

/// A property blob holding `mode`, for a CRTC's MODE_ID.
static inline int cdrm_create_mode_blob(int fd, const drmModeModeInfo *mode, uint32_t *blob_id) {
    errno = 0;
    return cdrm_status(drmModeCreatePropertyBlob(fd, mode, sizeof(*mode), blob_id));
}

/// A property blob of `count` damage rectangles (x1, y1, x2, y2 each), for a plane's FB_DAMAGE_CLIPS.
static inline int cdrm_create_damage_blob(int fd, const int32_t *corners, size_t count, uint32_t *blob_id) {
    errno = 0;
    return cdrm_status(drmModeCreatePropertyBlob(fd, corners, count * sizeof(struct drm_mode_rect), blob_id));
}

static inline int cdrm_destroy_blob(int fd, uint32_t blob_id) {
    errno = 0;
    return cdrm_status(drmModeDestroyPropertyBlob(fd, blob_id));
}

/// One atomic commit of `count` (object, property, value) triples; a flip event carries `user_data`.
static inline int cdrm_atomic_commit(int fd, const uint32_t *objects, const uint32_t *properties,
                                     const uint64_t *values, size_t count, uint32_t flags, uint64_t user_data) {
    drmModeAtomicReqPtr request = drmModeAtomicAlloc();
    if (request == NULL) {
        return ENOMEM;
    }
    for (size_t i = 0; i < count; i++) {
        if (drmModeAtomicAddProperty(request, objects[i], properties[i], values[i]) < 0) {
            drmModeAtomicFree(request);
            return ENOMEM;
        }
    }
    errno = 0;
    int status = cdrm_status(drmModeAtomicCommit(fd, request, flags, (void *)(uintptr_t)user_data));
    drmModeAtomicFree(request);
    return status;
}

static inline int cdrm_set_object_property(int fd, uint32_t object_id, uint32_t object_type,
                                           uint32_t property_id, uint64_t value) {
    errno = 0;
    return cdrm_status(drmModeObjectSetProperty(fd, object_id, object_type, property_id, value));
}

#endif
