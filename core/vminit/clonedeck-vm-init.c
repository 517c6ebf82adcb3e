/*
 * clonedeck-vm-init: the one long-lived init of a confined sandbox VM
 * (core/sandbox/SandboxVmInit.cpp starts it, already inside the VM's mount and PID namespaces,
 * with its view of the run directory and its uid; docs/sandbox-vms.md).
 *
 *   clonedeck-vm-init          (fd 3: a SOCK_SEQPACKET socket to clonedeckd)
 *
 * It is pid 1 of the VM's PID namespace. At start it makes a user namespace of its own that
 * maps only its own uid and gid (so it may create namespaces without any privilege over the
 * host: every mount it inherits is locked there) and answers "ready". Then, for each request
 * from clonedeckd (the command, its environment and directory; SCM_RIGHTS: its stdin, stdout,
 * stderr and a reply socket), it starts a *command init* in a new PID and mount namespace:
 * that process mounts a /proc of its own namespace, enters the directory, replies "started"
 * with a pidfd of itself, vforks + execs the command in a process group of its own, forwards
 * the signals clonedeckd sends it, reaps orphans, and when the command ends replies with its
 * wait status and exits: the kernel then kills whatever the command left in its namespace, so
 * nothing outlives the command. One exec per command (the command's), where the init of
 * before was exec'd per command too: measured in docs/sandbox-vms.md.
 *
 * The command init shares this process's memory (CLONE_VM, a stack of its own) instead of
 * being a fork: on this machine kind (a PVM guest) a fork of even this small process costs
 * ~1.2 ms of CPU for its page tables, most of what confinement added per command. Sharing
 * memory is why the command init calls the kernel directly (rawSyscall: glibc's wrappers
 * would write the errno this process reads) and why this process waits, before it reads the
 * next request into the same buffer, until the command init has let go of this one.
 *
 * clonedeckd closing the socket (destroying the VM, or exiting) ends this init, and with it
 * the VM's PID namespace and every process in it.
 *
 * It calls the kernel directly everywhere (rawSyscall), so that on x86-64 it is built without
 * a C library (vm-init-runtime.c: its start, clone, vfork and memory functions). A static glibc
 * program's start-up alone cost ~0.8 ms of CPU here, paid by every VM's first command.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "raw-syscall.h"
#include "vm-init-command.h"
#include "vm-init-io.h"
#include "vm-init-protocol.h"
#include "vm-init-runtime.h"

enum
{
    MAX_STRINGS = 4096
};

static char g_request[VMINIT_MAX_REQUEST + 1];

/* "N N 1\n": an id map of one id onto itself. */
static void formatIdMap(char *out, unsigned long id)
{
    out += vminitFormatDecimal(out, id);
    *out++ = ' ';
    out += vminitFormatDecimal(out, id);
    memcpy(out, " 1\n", 4);
}

/* 0, or -errno */
static long writeFile(const char *path, const char *text)
{
    const long fd = rawSyscall(SYS_openat, AT_FDCWD, (long)path, O_WRONLY | O_CLOEXEC, 0, 0);
    if (fd < 0)
        return fd;
    const long length = (long)strlen(text);
    const long written = rawSyscall(SYS_write, fd, (long)text, length, 0, 0);
    vminitClose((int)fd);
    return written == length ? 0 : written < 0 ? written : -EIO;
}

/* A user namespace of our own, mapping only our ids: full capabilities there, none over the host.
 * 0, or the step that failed with *error its errno. */
static int ownUserNamespace(long *error)
{
    char uidMap[64], gidMap[64];
    formatIdMap(uidMap, (unsigned long)rawSyscall(SYS_getuid, 0, 0, 0, 0, 0));
    formatIdMap(gidMap, (unsigned long)rawSyscall(SYS_getgid, 0, 0, 0, 0, 0));
    long result = rawSyscall(SYS_unshare, CLONE_NEWUSER, 0, 0, 0, 0);
    if (result != 0) {
        *error = -result;
        return VMINIT_STEP_USERNS;
    }
    if ((result = writeFile("/proc/self/setgroups", "deny")) != 0 ||
        (result = writeFile("/proc/self/uid_map", uidMap)) != 0 ||
        (result = writeFile("/proc/self/gid_map", gidMap)) != 0) {
        *error = -result;
        return VMINIT_STEP_ID_MAPS;
    }
    return 0;
}

/* Splits "DIRECTORY\0ARGC\0ARGV...\0ENV...\0" into pointers into g_request. */
static int parseRequest(size_t length, char **directory, char **argv, char **envp)
{
    if (length == 0 || g_request[length - 1] != '\0')
        return -1;
    char *at = g_request, *end = g_request + length;
    *directory = at;
    at += strlen(at) + 1;
    if (at >= end)
        return -1;
    long argc = 0;
    for (const char *digit = at; *digit; ++digit) {
        if (*digit < '0' || *digit > '9' || argc > MAX_STRINGS)
            return -1;
        argc = argc * 10 + (*digit - '0');
    }
    if (argc < 1 || argc > MAX_STRINGS)
        return -1;
    at += strlen(at) + 1;
    for (long n = 0; n < argc; ++n) {
        if (at >= end)
            return -1;
        argv[n] = at;
        at += strlen(at) + 1;
    }
    argv[argc] = NULL;
    int n = 0;
    while (at < end && n < MAX_STRINGS) {
        envp[n++] = at;
        at += strlen(at) + 1;
    }
    envp[n] = NULL;
    return at == end ? 0 : -1;
}

static void closeAll(const int *fds, int count)
{
    for (int i = 0; i < count; ++i)
        vminitClose(fds[i]);
}

#if COMMAND_INIT_SHARES_MEMORY
enum
{
    COMMAND_STACK_BYTES = 64 * 1024
};

/* The guard below a stack: one page. */
static long pageBytes(void)
{
#if VMINIT_FREESTANDING
    return 4096; /* x86-64, the only architecture built without the C library */
#else
    return sysconf(_SC_PAGESIZE);
#endif
}

/* The stacks of the command inits still running, freed as each is reaped. */
struct CommandStack
{
    pid_t pid;
    void *base;
};
static struct CommandStack *g_stacks;
static size_t g_stackCount, g_stackCapacity;

/* Anonymous memory, or NULL (with *error its errno). */
static void *mapMemory(size_t bytes, long *error)
{
    const long address = rawSyscall6(SYS_mmap, 0, (long)bytes, PROT_READ | PROT_WRITE,
                                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (address < 0 && address > -4096) {
        *error = -address;
        return NULL;
    }
    return (void *)address;
}

static void unmapMemory(void *base, size_t bytes)
{
    rawSyscall(SYS_munmap, (long)base, (long)bytes, 0, 0, 0);
}

static void forgetCommandInit(pid_t pid)
{
    for (size_t i = 0; i < g_stackCount; ++i) {
        if (g_stacks[i].pid == pid) {
            unmapMemory(g_stacks[i].base, COMMAND_STACK_BYTES);
            g_stacks[i] = g_stacks[--g_stackCount];
            return;
        }
    }
}

/* Room for one more stack in the table: 0, or -errno. */
static long reserveStackEntry(void)
{
    if (g_stackCount < g_stackCapacity)
        return 0;
    const size_t capacity = g_stackCapacity ? 2 * g_stackCapacity : 256;
    long error = 0;
    struct CommandStack *grown = mapMemory(capacity * sizeof *grown, &error);
    if (!grown)
        return -error;
    if (g_stacks) {
        memcpy(grown, g_stacks, g_stackCount * sizeof *grown);
        unmapMemory(g_stacks, g_stackCapacity * sizeof *g_stacks);
    }
    g_stacks = grown;
    g_stackCapacity = capacity;
    return 0;
}

#else
static void forgetCommandInit(pid_t pid)
{
    (void)pid;
}
#endif

/* A command init in new PID and mount namespaces: its pid, or -errno. */
static long startCommandInit(struct CommandStart *start)
{
#if COMMAND_INIT_SHARES_MEMORY
    const long reserved = reserveStackEntry();
    if (reserved != 0)
        return reserved;
    long error = 0;
    char *stack = mapMemory(COMMAND_STACK_BYTES, &error);
    if (!stack)
        return -error;
    /* the lowest page a guard: an overflow faults instead of writing over this process's memory */
    rawSyscall(SYS_mprotect, (long)stack, pageBytes(), PROT_NONE, 0, 0);
    const long child = vminitClone(CLONE_VM | CLONE_NEWPID | CLONE_NEWNS | SIGCHLD,
                                   stack + COMMAND_STACK_BYTES, vminitRunCommandInit, start);
    if (child < 0) {
        unmapMemory(stack, COMMAND_STACK_BYTES);
        return child;
    }
    g_stacks[g_stackCount++] = (struct CommandStack){(pid_t)child, stack};
    return child;
#else
    const long child = rawSyscall(SYS_clone, CLONE_NEWPID | CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
    if (child == 0)
        vminitRunCommandInit(start); /* never returns: the command init ends with its command */
    return child;
#endif
}

/* The control message after c, or NULL (CMSG_NXTHDR may call the C library). */
static struct cmsghdr *nextControl(const struct msghdr *message, struct cmsghdr *c)
{
    const size_t step = CMSG_ALIGN(c->cmsg_len);
    if (c->cmsg_len < sizeof *c || step == 0)
        return NULL;
    char *next = (char *)c + step;
    char *end = (char *)message->msg_control + message->msg_controllen;
    if (next + sizeof(struct cmsghdr) > end || next + CMSG_ALIGN(((struct cmsghdr *)next)->cmsg_len) > end)
        return NULL;
    return (struct cmsghdr *)next;
}

/* One request: returns 0 to go on, -1 when clonedeckd has gone (end the VM). */
static int serveRequest(void)
{
    static char *argv[MAX_STRINGS + 1], *envp[MAX_STRINGS + 1];
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(4 * sizeof(int))];
    } control;
    struct iovec part = {g_request, VMINIT_MAX_REQUEST};
    struct msghdr message = {.msg_iov = &part,
                             .msg_iovlen = 1,
                             .msg_control = control.space,
                             .msg_controllen = sizeof control.space};
    const long length = rawSyscall(SYS_recvmsg, VMINIT_CONTROL_FD, (long)&message, MSG_CMSG_CLOEXEC, 0, 0);
    if (length < 0)
        return length == -EINTR || length == -EAGAIN ? 0 : -1;
    if (length == 0)
        return -1;
    int fds[4];
    int count = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = nextControl(&message, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(0)) {
            const int n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            for (int i = 0; i < n; ++i) {
                int fd;
                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                if (count < 4)
                    fds[count++] = fd;
                else
                    vminitClose(fd);
            }
        }
    }
    char *directory = NULL;
    if (count != 4 || (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
        parseRequest((size_t)length, &directory, argv, envp) != 0) {
        if (count == 4)
            vminitSendReply(fds[3], EINVAL, VMINIT_STEP_REQUEST, -1);
        closeAll(fds, count);
        return 0;
    }
    struct CommandStart start = {{fds[0], fds[1], fds[2]}, fds[3], -1, directory, argv, envp};
    int released[2];
    const long piped = rawSyscall(SYS_pipe2, (long)released, O_CLOEXEC, 0, 0, 0);
    if (piped != 0) {
        vminitSendReply(fds[3], (int32_t)-piped, VMINIT_STEP_FORK, -1);
        closeAll(fds, count);
        return 0;
    }
    start.released = released[1];
    const long child = startCommandInit(&start);
    vminitClose(released[1]);
    if (child < 0) {
        vminitSendReply(fds[3], (int32_t)-child, VMINIT_STEP_FORK, -1);
    } else {
        /* until the command init has let go of the request (g_request, argv, envp) */
        char byte;
        while (rawSyscall(SYS_read, released[0], (long)&byte, 1, 0, 0) == -EINTR) {
        }
    }
    vminitClose(released[0]);
    closeAll(fds, count);
    return 0;
}

int main(void)
{
    rawSyscall(SYS_fcntl, VMINIT_CONTROL_FD, F_SETFD, FD_CLOEXEC, 0, 0);
    long error = 0;
    const int step = ownUserNamespace(&error);
    /* After the id maps (a non-dumpable process's /proc files are root's): no process of the VM,
     * which has the same uid, may ptrace this one, which holds capabilities and the socket. */
    rawSyscall(SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0, 0);
    vminitSendReply(VMINIT_CONTROL_FD, step == 0 ? VMINIT_READY : (int32_t)(error ? error : EIO), step, -1);
    if (step != 0)
        return 126;

    const unsigned long child = 1UL << (SIGCHLD - 1);
    rawSyscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)&child, 0, sizeof child, 0);
    const long reaper =
        rawSyscall(SYS_signalfd4, -1, (long)&child, sizeof child, SFD_CLOEXEC | SFD_NONBLOCK, 0);
    struct pollfd watched[2] = {{VMINIT_CONTROL_FD, POLLIN, 0}, {(int)reaper, POLLIN, 0}};
    for (;;) {
        if (rawSyscall(SYS_ppoll, (long)watched, 2, 0, 0, sizeof(long)) < 0)
            continue;
        if (watched[1].revents) {
            struct signalfd_siginfo info;
            while (rawSyscall(SYS_read, reaper, (long)&info, sizeof info, 0, 0) > 0) {
            }
            long reaped;
            while ((reaped = rawSyscall(SYS_wait4, -1, 0, WNOHANG, 0, 0)) > 0)
                forgetCommandInit((pid_t)reaped);
        }
        if (watched[0].revents & POLLIN) {
            if (serveRequest() != 0)
                return 0;
        } else if (watched[0].revents & (POLLHUP | POLLERR)) {
            return 0;
        }
    }
}
