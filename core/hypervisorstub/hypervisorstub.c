/*
 * Hypervisor stub: lets Debian's real xenstored run on a machine without Xen.
 *
 * Loaded with LD_PRELOAD into xenstored only. It answers the few hypervisor
 * interfaces xenstored touches at start-up and while checking domains, so the
 * daemon serves its Unix socket exactly as in dom0. See README.md beside this
 * file for what it does and, as important, what it does not emulate.
 *
 * CLONEDECK_HVSTUB_DIR names a directory holding xsd_port (the text "1") and
 * xsd_kva (4096 zero bytes); opens of /proc/xen/xsd_port and /proc/xen/xsd_kva
 * are redirected there.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>

#define STUB_EXPORT __attribute__((visibility("default")))

/* ---- libc: redirect the two /proc/xen files into the stub directory ---- */

/* Returns the path to open: `path` itself, or its file in the stub directory. NULL (errno
 * ENAMETOOLONG) when that would not fit: a silently truncated path could name another file. */
static const char *redirect(const char *path, char *buffer, size_t size)
{
    const char *dir = getenv("CLONEDECK_HVSTUB_DIR");
    if (!path || !dir)
        return path;
    const char *name = NULL;
    if (strcmp(path, "/proc/xen/xsd_port") == 0)
        name = "xsd_port";
    else if (strcmp(path, "/proc/xen/xsd_kva") == 0)
        name = "xsd_kva";
    if (!name)
        return path;
    const int length = snprintf(buffer, size, "%s/%s", dir, name);
    if (length < 0 || (size_t)length >= size) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    return buffer;
}

/* Whether open()'s caller passed a mode. O_TMPFILE contains O_DIRECTORY's bit, so it is tested
 * whole: a plain O_DIRECTORY open passes no mode, and reading one would read whatever the
 * caller's third argument register holds. */
static int takes_mode(int flags)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);

/* The mode argument of a variadic open(), read only when the caller passed one. A macro: only
 * the variadic function itself may walk its own arguments. */
#define MODE_ARGUMENT(flags)                                                                                 \
    __extension__({                                                                                          \
        mode_t mode_ = 0;                                                                                    \
        if (takes_mode(flags)) {                                                                             \
            va_list args_;                                                                                   \
            va_start(args_, flags);                                                                          \
            mode_ = va_arg(args_, mode_t);                                                                   \
            va_end(args_);                                                                                   \
        }                                                                                                    \
        mode_;                                                                                               \
    })

/* Every wrapped open ends here and calls the next definition of the same symbol (dirfd: openat only). */
static int forward_openat(const char *symbol, int dirfd, const char *path, int flags, mode_t mode)
{
    char buffer[4096];
    const int plain = strcmp(symbol, "openat") != 0;
    void *real = dlsym(RTLD_NEXT, symbol);
    if (!real) {
        errno = ENOSYS;
        return -1;
    }
    const char *target = redirect(path, buffer, sizeof buffer);
    if (!target)
        return -1;
    /* dlsym answers an object pointer, and ISO C has no cast from one to a function pointer,
     * so the bits are copied (as POSIX intends dlsym to be used; -Wpedantic). */
    if (plain) {
        open_fn forward;
        memcpy(&forward, &real, sizeof forward);
        return forward(target, flags, mode);
    }
    openat_fn forward;
    memcpy(&forward, &real, sizeof forward);
    return forward(dirfd, target, flags, mode);
}

STUB_EXPORT int open(const char *path, int flags, ...)
{
    return forward_openat("open", AT_FDCWD, path, flags, MODE_ARGUMENT(flags));
}

STUB_EXPORT int open64(const char *path, int flags, ...)
{
    return forward_openat("open64", AT_FDCWD, path, flags, MODE_ARGUMENT(flags));
}

STUB_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
    return forward_openat("openat", dirfd, path, flags, MODE_ARGUMENT(flags));
}

/* ---- libxenctrl: a handle, and every domain asked about is alive ---- */

static int g_xc_dummy;

STUB_EXPORT xc_interface *xc_interface_open(xentoollog_logger *logger, xentoollog_logger *dombuild_logger,
                                            unsigned open_flags)
{
    return (xc_interface *)&g_xc_dummy;
}

STUB_EXPORT int xc_interface_close(xc_interface *xch)
{
    return 0;
}

/* xenstored asks about one domain at a time to learn whether it still exists. Without a
 * hypervisor there are no domains to die: report the asked domain as running. */
STUB_EXPORT int xc_domain_getinfo(xc_interface *xch, uint32_t first_domid, unsigned int max_doms,
                                  xc_dominfo_t *info)
{
    if (max_doms == 0 || !info)
        return 0;
    memset(info, 0, sizeof *info);
    info->domid = first_domid;
    info->running = 1;
    info->max_vcpu_id = 0;
    info->nr_online_vcpus = 1;
    return 1;
}

/* ---- libxenevtchn: a pipe nobody writes stands in for the event channel ---- */

struct xenevtchn_handle
{
    int pipe[2];
    evtchn_port_t next_port;
};

STUB_EXPORT xenevtchn_handle *xenevtchn_open(xentoollog_logger *logger, unsigned open_flags)
{
    xenevtchn_handle *handle = calloc(1, sizeof *handle);
    if (!handle)
        return NULL;
    if (pipe2(handle->pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        free(handle);
        return NULL;
    }
    handle->next_port = 1;
    return handle;
}

/* Live update hands over an fd; we have nothing to resume. */
STUB_EXPORT xenevtchn_handle *xenevtchn_fdopen(xentoollog_logger *logger, int fd, unsigned open_flags)
{
    return xenevtchn_open(logger, open_flags);
}

STUB_EXPORT int xenevtchn_close(xenevtchn_handle *handle)
{
    if (!handle)
        return 0;
    close(handle->pipe[0]);
    close(handle->pipe[1]);
    free(handle);
    return 0;
}

STUB_EXPORT int xenevtchn_fd(xenevtchn_handle *handle)
{
    return handle->pipe[0];
}

STUB_EXPORT int xenevtchn_notify(xenevtchn_handle *handle, evtchn_port_t port)
{
    return 0;
}

STUB_EXPORT int xenevtchn_unmask(xenevtchn_handle *handle, evtchn_port_t port)
{
    return 0;
}

STUB_EXPORT int xenevtchn_unbind(xenevtchn_handle *handle, evtchn_port_t port)
{
    return 0;
}

STUB_EXPORT xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *handle)
{
    /* Never readable, so never asked; answer "nothing pending" if it is. */
    char byte;
    if (read(handle->pipe[0], &byte, 1) != 1) {
        errno = EAGAIN;
        return -1;
    }
    return 1;
}

STUB_EXPORT xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *handle, unsigned int virq)
{
    return (xenevtchn_port_or_error_t)handle->next_port++;
}

STUB_EXPORT xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *handle, uint32_t domid,
                                                                 evtchn_port_t remote_port)
{
    return (xenevtchn_port_or_error_t)handle->next_port++;
}

/* ---- libxengnttab: "mapping" a domain's xenstore page gives a private zero page ---- */

static int g_gnttab_dummy;

STUB_EXPORT xengnttab_handle *xengnttab_open(xentoollog_logger *logger, unsigned open_flags)
{
    return (xengnttab_handle *)&g_gnttab_dummy;
}

STUB_EXPORT int xengnttab_close(xengnttab_handle *xgt)
{
    return 0;
}

STUB_EXPORT int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants)
{
    return 0;
}

STUB_EXPORT void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid, uint32_t ref, int prot)
{
    void *page = mmap(NULL, 4096, prot ? prot : PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return page == MAP_FAILED ? NULL : page;
}

STUB_EXPORT int xengnttab_unmap(xengnttab_handle *xgt, void *start_address, uint32_t count)
{
    return munmap(start_address, (size_t)count * 4096);
}
