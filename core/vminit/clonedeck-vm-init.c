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
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
#include "vm-init-protocol.h"

enum
{
    CONTROL_FD = 3,
    MAX_STRINGS = 4096
};

static char g_request[VMINIT_MAX_REQUEST + 1];

static void sendReply(int fd, int32_t code, int32_t detail, int passFd)
{
    /* MSG_NOSIGNAL: a reply socket whose reader has gone is not a reason to die. Raw: the
     * command init calls this too. */
    int32_t words[2] = {code, detail};
    struct iovec part = {words, sizeof words};
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    struct msghdr message = {.msg_iov = &part, .msg_iovlen = 1};
    if (passFd >= 0) {
        memset(&control, 0, sizeof control);
        message.msg_control = control.space;
        message.msg_controllen = sizeof control.space;
        struct cmsghdr *c = CMSG_FIRSTHDR(&message);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &passFd, sizeof(int));
    }
    while (rawSyscall(SYS_sendmsg, fd, (long)&message, MSG_NOSIGNAL, 0, 0) == -EINTR) {
    }
}

static int writeFile(const char *path, const char *text)
{
    const int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    const ssize_t length = (ssize_t)strlen(text);
    const int ok = write(fd, text, (size_t)length) == length;
    close(fd);
    return ok ? 0 : -1;
}

/* A user namespace of our own, mapping only our ids: full capabilities there, none over the host. */
static int ownUserNamespace(void)
{
    char uidMap[64], gidMap[64];
    snprintf(uidMap, sizeof uidMap, "%u %u 1\n", (unsigned)getuid(), (unsigned)getuid());
    snprintf(gidMap, sizeof gidMap, "%u %u 1\n", (unsigned)getgid(), (unsigned)getgid());
    if (unshare(CLONE_NEWUSER) != 0)
        return VMINIT_STEP_USERNS;
    if (writeFile("/proc/self/setgroups", "deny") != 0 || writeFile("/proc/self/uid_map", uidMap) != 0 ||
        writeFile("/proc/self/gid_map", gidMap) != 0)
        return VMINIT_STEP_ID_MAPS;
    return 0;
}

/* The command init's life after setup: run the command, pass signals on, report its status.
 * Everything here is a raw system call but vfork and execve, which write errno only when
 * they fail (and then the command init reports that and ends). */
static void superviseCommand(int reply, int released, char **argv, char **envp)
{
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none); /* every signal is blocked already (runCommand) */
    /* vfork: the child only makes system calls until it execs or _exits (no stdio: it shares our
     * memory), and no page of ours is copied for it. */
    const pid_t command = vfork();
    if (command < 0)
        rawSyscall(SYS_exit, 126, 0, 0, 0, 0);
    if (command == 0) {
        rawSyscall(SYS_setpgid, 0, 0, 0, 0, 0);
        /* the command starts with no signal blocked */
        rawSyscall(SYS_rt_sigprocmask, SIG_SETMASK, (long)&none, 0, sizeof(long), 0);
        execve(argv[0], argv, envp);
        const int error = errno;
        const char *reason = strerror(error);
        struct iovec parts[] = {{(void *)"clonedeck-vm-init: cannot run ", 30},
                                {argv[0], strlen(argv[0])},
                                {(void *)": ", 2},
                                {(void *)reason, strlen(reason)},
                                {(void *)"\n", 1}};
        rawSyscall(SYS_writev, STDERR_FILENO, (long)parts, 5, 0, 0);
        rawSyscall(SYS_exit, error == ENOENT ? 127 : 126, 0, 0, 0, 0);
    }
    /* The command has exec'd (or ended): the request's strings are no longer read. */
    const char done = 1;
    rawSyscall(SYS_write, released, (long)&done, 1, 0, 0);
    rawSyscall(SYS_close, released, 0, 0, 0, 0);
    rawSyscall(SYS_setpgid, command, command, 0, 0, 0); /* either of the two calls wins the race */
    for (;;) {
        siginfo_t info;
        const long signal = rawSyscall(SYS_rt_sigtimedwait, (long)&all, (long)&info, 0, sizeof(long), 0);
        if (signal < 0)
            continue;
        if (signal != SIGCHLD) {
            if (rawSyscall(SYS_kill, -command, signal, 0, 0, 0) != 0)
                rawSyscall(SYS_kill, command, signal, 0, 0, 0);
            continue;
        }
        int status = 0;
        long reaped;
        while ((reaped = rawSyscall(SYS_wait4, -1, (long)&status, WNOHANG, 0, 0)) > 0) {
            if (reaped == command) {
                sendReply(reply, VMINIT_EXITED, status, -1);
                rawSyscall(SYS_exit, 0, 0, 0, 0, 0);
            }
        }
    }
}

/* One command's request, as the command init receives it. */
struct CommandStart
{
    int stdio[3];
    int reply;
    int released; /* written (or closed, if the command init ends first) once the strings are let go */
    char *directory;
    char **argv;
    char **envp;
};

/* Ends the command init early after replying why. */
static void failStart(int reply, long error, int step)
{
    sendReply(reply, (int32_t)-error, step, -1);
    rawSyscall(SYS_exit, 126, 0, 0, 0, 0);
}

/* The command init: pid 1 of a new PID namespace, in a new mount namespace. */
static int runCommand(void *argument)
{
    const struct CommandStart *start = argument;
    const int reply = start->reply;
    /* Every signal blocked before "started" hands out the pidfd: a signal sent at once waits for
     * superviseCommand's sigwaitinfo. Unblocked, the kernel would drop it, as it drops any signal
     * without a handler sent to a PID namespace's init from outside. */
    sigset_t all;
    sigfillset(&all);
    rawSyscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)&all, 0, sizeof(long), 0);
    long result =
        rawSyscall(SYS_mount, (long)"proc", (long)"/proc", (long)"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0);
    if (result != 0)
        failStart(reply, result, VMINIT_STEP_PROC);
    if ((result = rawSyscall(SYS_chdir, (long)start->directory, 0, 0, 0, 0)) != 0)
        failStart(reply, result, VMINIT_STEP_DIRECTORY);
    const long self = rawSyscall(SYS_pidfd_open, 1, 0, 0, 0, 0);
    if (self < 0)
        failStart(reply, self, VMINIT_STEP_PIDFD);
    for (int fd = 0; fd < 3; ++fd) {
        /* dup3 clears close-on-exec on the copy: only these reach the command (a received
         * descriptor that already is 0, 1 or 2 keeps its own flag, so it is cleared by hand) */
        if (start->stdio[fd] == fd)
            rawSyscall(SYS_fcntl, fd, F_SETFD, 0, 0, 0);
        else
            rawSyscall(SYS_dup3, start->stdio[fd], fd, 0, 0, 0);
    }
    /* SIGPIPE as a command expects it (clonedeckd may have passed it on ignored) */
    struct
    {
        __sighandler_t handler;
        unsigned long flags;
        void *restorer;
        unsigned long mask;
    } byDefault = {SIG_DFL, 0, NULL, 0};
    rawSyscall(SYS_rt_sigaction, SIGPIPE, (long)&byDefault, 0, sizeof(long), 0);
    sendReply(reply, VMINIT_STARTED, 0, (int)self);
    rawSyscall(SYS_close, self, 0, 0, 0, 0);
    superviseCommand(reply, start->released, start->argv, start->envp);
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
    char *after = NULL;
    const long argc = strtol(at, &after, 10);
    if (after == at || *after != '\0' || argc < 1 || argc > MAX_STRINGS)
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
        close(fds[i]);
}

/* The command init's first step, whether it shares this process's memory or is a fork of it:
 * the control socket is this process's alone. */
static int runCommandInit(void *start)
{
    rawSyscall(SYS_close, CONTROL_FD, 0, 0, 0, 0);
    return runCommand(start);
}

#if COMMAND_INIT_SHARES_MEMORY
enum
{
    COMMAND_STACK_BYTES = 64 * 1024
};

/* The stacks of the command inits still running, freed as each is reaped. */
struct CommandStack
{
    pid_t pid;
    void *base;
};
static struct CommandStack *g_stacks;
static size_t g_stackCount, g_stackCapacity;

static void forgetCommandInit(pid_t pid)
{
    for (size_t i = 0; i < g_stackCount; ++i) {
        if (g_stacks[i].pid == pid) {
            munmap(g_stacks[i].base, COMMAND_STACK_BYTES);
            g_stacks[i] = g_stacks[--g_stackCount];
            return;
        }
    }
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
    if (g_stackCount == g_stackCapacity) {
        const size_t capacity = g_stackCapacity ? 2 * g_stackCapacity : 16;
        struct CommandStack *grown = realloc(g_stacks, capacity * sizeof *grown);
        if (!grown)
            return -ENOMEM;
        g_stacks = grown;
        g_stackCapacity = capacity;
    }
    char *stack = mmap(NULL, COMMAND_STACK_BYTES, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return -errno;
    /* the lowest page a guard: an overflow faults instead of writing over this process's memory */
    mprotect(stack, (size_t)sysconf(_SC_PAGESIZE), PROT_NONE);
    const pid_t child = clone(runCommandInit, stack + COMMAND_STACK_BYTES,
                              CLONE_VM | CLONE_NEWPID | CLONE_NEWNS | SIGCHLD, start);
    if (child < 0) {
        const int error = errno;
        munmap(stack, COMMAND_STACK_BYTES);
        return -error;
    }
    g_stacks[g_stackCount++] = (struct CommandStack){child, stack};
    return child;
#else
    const long child = rawSyscall(SYS_clone, CLONE_NEWPID | CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
    if (child == 0)
        runCommandInit(start); /* never returns: the command init ends with its command */
    return child;
#endif
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
    const ssize_t length = recvmsg(CONTROL_FD, &message, MSG_CMSG_CLOEXEC);
    if (length < 0)
        return errno == EINTR || errno == EAGAIN ? 0 : -1;
    if (length == 0)
        return -1;
    int fds[4];
    int count = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            const int n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            for (int i = 0; i < n; ++i) {
                int fd;
                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                if (count < 4)
                    fds[count++] = fd;
                else
                    close(fd);
            }
        }
    }
    char *directory = NULL;
    if (count != 4 || (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
        parseRequest((size_t)length, &directory, argv, envp) != 0) {
        if (count == 4)
            sendReply(fds[3], EINVAL, VMINIT_STEP_REQUEST, -1);
        closeAll(fds, count);
        return 0;
    }
    struct CommandStart start = {{fds[0], fds[1], fds[2]}, fds[3], -1, directory, argv, envp};
    int released[2];
    if (pipe2(released, O_CLOEXEC) != 0) {
        sendReply(fds[3], errno, VMINIT_STEP_FORK, -1);
        closeAll(fds, count);
        return 0;
    }
    start.released = released[1];
    const long child = startCommandInit(&start);
    close(released[1]);
    if (child < 0) {
        sendReply(fds[3], (int32_t)-child, VMINIT_STEP_FORK, -1);
    } else {
        /* until the command init has let go of the request (g_request, argv, envp) */
        char byte;
        while (read(released[0], &byte, 1) < 0 && errno == EINTR) {
        }
    }
    close(released[0]);
    closeAll(fds, count);
    return 0;
}

int main(void)
{
    fcntl(CONTROL_FD, F_SETFD, FD_CLOEXEC);
    const int step = ownUserNamespace();
    /* After the id maps (a non-dumpable process's /proc files are root's): no process of the VM,
     * which has the same uid, may ptrace this one, which holds capabilities and the socket. */
    prctl(PR_SET_DUMPABLE, 0);
    sendReply(CONTROL_FD, step == 0 ? VMINIT_READY : (errno ? errno : EIO), step, -1);
    if (step != 0)
        return 126;

    sigset_t child;
    sigemptyset(&child);
    sigaddset(&child, SIGCHLD);
    sigprocmask(SIG_BLOCK, &child, NULL);
    const int reaper = signalfd(-1, &child, SFD_CLOEXEC | SFD_NONBLOCK);
    struct pollfd watched[2] = {{CONTROL_FD, POLLIN, 0}, {reaper, POLLIN, 0}};
    for (;;) {
        if (poll(watched, 2, -1) < 0)
            continue;
        if (watched[1].revents) {
            struct signalfd_siginfo info;
            while (read(reaper, &info, sizeof info) > 0) {
            }
            pid_t reaped;
            while ((reaped = waitpid(-1, NULL, WNOHANG)) > 0)
                forgetCommandInit(reaped);
        }
        if (watched[0].revents & POLLIN) {
            if (serveRequest() != 0)
                return 0;
        } else if (watched[0].revents & (POLLHUP | POLLERR)) {
            return 0;
        }
    }
}
