/* Preloaded into clonedeckd by test_platform_crash: SIGKILLs it in the middle of
 * writing a large SQLite commit into its write-ahead log, a moment no outside
 * timer can hit. CLONEDECK_TEST_KILL_AT_WAL_WRITE="K:N": in the Nth commit that
 * writes at least K times to a *-wal file before syncing, die at write K.
 * CLONEDECK_TEST_KILL_MARKER names a file created just before, so the test knows
 * where the daemon died. Never built into anything but that test. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int writesSinceSync;
static int killAt = -1;
static int commitsLeft = 0;

static void configure(void)
{
    if (killAt != -1)
        return;
    killAt = 0;
    const char *spec = getenv("CLONEDECK_TEST_KILL_AT_WAL_WRITE");
    if (spec && sscanf(spec, "%d:%d", &killAt, &commitsLeft) != 2)
        killAt = 0;
}

static int isWal(int fd)
{
    char link[64];
    char path[512];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    const ssize_t n = readlink(link, path, sizeof path);
    return n > 4 && memcmp(path + n - 4, "-wal", 4) == 0;
}

static void countWrite(int fd)
{
    configure();
    if (killAt <= 0 || !isWal(fd) || ++writesSinceSync != killAt || --commitsLeft > 0)
        return;
    const char *marker = getenv("CLONEDECK_TEST_KILL_MARKER");
    if (marker) {
        const int out = open(marker, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (out >= 0)
            close(out);
    }
    raise(SIGKILL);
}

ssize_t pwrite64(int fd, const void *buffer, size_t size, off_t offset)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite64");
    countWrite(fd);
    return real(fd, buffer, size, offset);
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    writesSinceSync = 0;
    return real(fd);
}
