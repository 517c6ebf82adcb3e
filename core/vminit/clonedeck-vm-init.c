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
 * would write the errno this process reads) and why each command init has memory of its own in
 * it (struct CommandSlot: its request and its stack) until it is reaped.
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

/* Everything a command init uses of this process's memory: the request it runs, the pointers into
 * it, and (below this struct, in the same mapping) its stack. One per running command init, kept
 * for a next one once it is reaped. The request is received straight into it, so this process
 * never waits for a command init to let go of a request, and the next request of the VM is
 * served at once. A kept slot is reused as it is: its pages are already there (each page fault,
 * like each mapping change, costs a PVM guest far more than elsewhere). */
struct CommandSlot
{
    struct CommandSlot *next; /* in the list of running or of free slots */
    pid_t pid;                /* its command init, while it runs */
    struct CommandStart start;
    char *argv[MAX_STRINGS + 1];
    char *envp[MAX_STRINGS + 1];
    char request[VMINIT_MAX_REQUEST + 1];
};

enum
{
    COMMAND_STACK_BYTES = 64 * 1024
};

static struct CommandSlot *g_runningSlots, *g_freeSlots;
static int g_freeSlotCount;

/* The guard below a stack: one page. */
static long pageBytes(void)
{
#if VMINIT_FREESTANDING
    return 4096; /* x86-64, the only architecture built without the C library */
#else
    return sysconf(_SC_PAGESIZE);
#endif
}

/* A slot's mapping: a guard page, the stack, then the slot itself (the stack's top). */
static size_t slotMappingBytes(void)
{
    const size_t page = (size_t)pageBytes();
    return page + COMMAND_STACK_BYTES + (sizeof(struct CommandSlot) + page - 1) / page * page;
}

static char *slotMapping(struct CommandSlot *slot)
{
    return (char *)slot - COMMAND_STACK_BYTES - pageBytes();
}

/* A free slot, or NULL (with *error its errno). */
static struct CommandSlot *takeSlot(long *error)
{
    if (g_freeSlots) {
        struct CommandSlot *slot = g_freeSlots;
        g_freeSlots = slot->next;
        --g_freeSlotCount;
        return slot;
    }
    /* Only the pages a command touches become memory; MAP_NORESERVE keeps the rest (room for the
     * longest request) out of the commit charge too, where the kernel overcommits (its default). */
    const long address = rawSyscall6(SYS_mmap, 0, (long)slotMappingBytes(), PROT_READ | PROT_WRITE,
                                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
    if (address < 0 && address > -4096) {
        *error = -address;
        return NULL;
    }
    /* the lowest page a guard: an overflow faults instead of writing over this process's memory */
    rawSyscall(SYS_mprotect, address, pageBytes(), PROT_NONE, 0, 0);
    return (struct CommandSlot *)(address + pageBytes() + COMMAND_STACK_BYTES);
}

static void releaseSlot(struct CommandSlot *slot)
{
    if (g_freeSlotCount >= VMINIT_KEPT_FREE_SLOTS) {
        rawSyscall(SYS_munmap, (long)slotMapping(slot), (long)slotMappingBytes(), 0, 0, 0);
        return;
    }
    slot->next = g_freeSlots;
    g_freeSlots = slot;
    ++g_freeSlotCount;
}

/* A reaped child: if it was a command init, its slot is free again. */
static void forgetCommandInit(pid_t pid)
{
    for (struct CommandSlot **link = &g_runningSlots; *link; link = &(*link)->next) {
        if ((*link)->pid == pid) {
            struct CommandSlot *slot = *link;
            *link = slot->next;
            releaseSlot(slot);
            return;
        }
    }
}

/* Splits the slot's "DIRECTORY\0ARGC\0ARGV...\0ENV...\0" into pointers into it. */
static int parseRequest(struct CommandSlot *slot, size_t length)
{
    char *const request = slot->request;
    if (length == 0 || request[length - 1] != '\0')
        return -1;
    char *at = request, *end = request + length;
    slot->start.directory = at;
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
        slot->argv[n] = at;
        at += strlen(at) + 1;
    }
    slot->argv[argc] = NULL;
    int n = 0;
    while (at < end && n < MAX_STRINGS) {
        slot->envp[n++] = at;
        at += strlen(at) + 1;
    }
    slot->envp[n] = NULL;
    slot->start.argv = slot->argv;
    slot->start.envp = slot->envp;
    return at == end ? 0 : -1;
}

static void closeAll(const int *fds, int count)
{
    for (int i = 0; i < count; ++i)
        vminitClose(fds[i]);
}

/* A command init in new PID and mount namespaces, for the slot's request: its pid, or -errno. */
static long startCommandInit(struct CommandSlot *slot)
{
#if COMMAND_INIT_SHARES_MEMORY
    return vminitClone(CLONE_VM | CLONE_NEWPID | CLONE_NEWNS | SIGCHLD, slot, vminitRunCommandInit,
                       &slot->start);
#else
    const long child = rawSyscall(SYS_clone, CLONE_NEWPID | CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
    if (child == 0)
        vminitRunCommandInit(&slot->start); /* never returns: the command init ends with its command */
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
    /* Without memory for a slot the request is still received (into a slot kept for that) and
     * refused: left queued, it would keep the socket readable and this loop spinning. */
    static struct CommandSlot refusal;
    long error = 0;
    struct CommandSlot *slot = takeSlot(&error);
    struct CommandSlot *into = slot ? slot : &refusal;
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(4 * sizeof(int))];
    } control;
    struct iovec part = {into->request, VMINIT_MAX_REQUEST};
    struct msghdr message = {.msg_iov = &part,
                             .msg_iovlen = 1,
                             .msg_control = control.space,
                             .msg_controllen = sizeof control.space};
    const long length = rawSyscall(SYS_recvmsg, VMINIT_CONTROL_FD, (long)&message, MSG_CMSG_CLOEXEC, 0, 0);
    if (length <= 0) {
        if (slot)
            releaseSlot(slot);
        if (length < 0)
            return length == -EINTR || length == -EAGAIN ? 0 : -1;
        return -1;
    }
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
    if (!slot || count != 4 || (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
        parseRequest(slot, (size_t)length) != 0) {
        if (count == 4)
            vminitSendReply(fds[3], slot ? EINVAL : (int32_t)error,
                            slot ? VMINIT_STEP_REQUEST : VMINIT_STEP_FORK, -1);
        closeAll(fds, count);
        if (slot)
            releaseSlot(slot);
        return 0;
    }
    for (int i = 0; i < 3; ++i)
        slot->start.stdio[i] = fds[i];
    slot->start.reply = fds[3];
    const long child = startCommandInit(slot);
    if (child < 0)
        vminitSendReply(fds[3], (int32_t)-child, VMINIT_STEP_FORK, -1);
    /* The command init has its own copies of the descriptors. A fork has its own copy of the slot
     * too; one that shares our memory uses it until it is reaped. */
    closeAll(fds, count);
    if (child < 0 || !COMMAND_INIT_SHARES_MEMORY) {
        releaseSlot(slot);
    } else {
        slot->pid = (pid_t)child;
        slot->next = g_runningSlots;
        g_runningSlots = slot;
    }
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
