/*
 * Preloaded after the hypervisor stub in test_hypervisor_stub: the stub's "real" open() is
 * this one, which prints what the stub handed on ("open <mode> <path>" on stderr) and then
 * opens it for real. Test-only.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#define RECORDER_EXPORT __attribute__((visibility("default")))

typedef int (*open_fn)(const char *, int, ...);

/* The stub always passes three arguments, so reading the mode here is defined. */
static int record(const char *symbol, const char *path, int flags, va_list args)
{
    const mode_t mode = va_arg(args, mode_t);
    dprintf(2, "open %o %s\n", (unsigned)mode, path);
    /* The bits of dlsym's object pointer: ISO C has no cast to a function pointer (-Wpedantic). */
    void *address = dlsym(RTLD_NEXT, symbol);
    open_fn real;
    memcpy(&real, &address, sizeof real);
    if (!real) {
        errno = ENOSYS;
        return -1;
    }
    return real(path, flags, mode);
}

RECORDER_EXPORT int open(const char *path, int flags, ...)
{
    va_list args;
    va_start(args, flags);
    const int fd = record("open", path, flags, args);
    va_end(args);
    return fd;
}

RECORDER_EXPORT int open64(const char *path, int flags, ...)
{
    va_list args;
    va_start(args, flags);
    const int fd = record("open64", path, flags, args);
    va_end(args);
    return fd;
}
