/* The command init (vm-init-command.h); clonedeck-vm-init.c starts one per command. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "raw-syscall.h"
#include "vm-init-command.h"
#include "vm-init-io.h"
#include "vm-init-protocol.h"
#include "vm-init-runtime.h"

/* The kernel's signal set (what rt_sig* calls take): one bit per signal. */
static const unsigned long kAllSignals = ~0UL;
static const unsigned long kNoSignal = 0;

/* Why a command could not be run, for its stderr: the usual texts of what execve reports, or
 * "error N" (in buffer, at least 32 bytes). */
static const char *errorText(long error, char *buffer)
{
    switch (error) {
    case ENOENT:
        return "No such file or directory";
    case EACCES:
        return "Permission denied";
    case ENOEXEC:
        return "Exec format error";
    case ENOTDIR:
        return "Not a directory";
    case EISDIR:
        return "Is a directory";
    case ELOOP:
        return "Too many levels of symbolic links";
    case ENAMETOOLONG:
        return "File name too long";
    case ENOMEM:
        return "Cannot allocate memory";
    case E2BIG:
        return "Argument list too long";
    case ETXTBSY:
        return "Text file busy";
    case EPERM:
        return "Operation not permitted";
    case EIO:
        return "Input/output error";
    default:
        memcpy(buffer, "error ", 6);
        buffer[6 + vminitFormatDecimal(buffer + 6, (unsigned long)error)] = '\0';
        return buffer;
    }
}

/* Ends the command init early after replying why. */
static void failStart(int reply, long error, int step)
{
    vminitSendReply(reply, (int32_t)-error, step, -1);
    rawSyscall(SYS_exit, 126, 0, 0, 0, 0);
}

/* The command init's life after setup: run the command, pass signals on, report its status.
 * Everything here is a raw system call; the C library's vfork (where it is used) writes errno
 * only when it fails, and then the command init ends. */
static void superviseCommand(int reply, char **argv, char **envp)
{
    /* every signal is blocked already (runCommand) */
    /* vfork: the child only makes system calls until it execs or _exits (no stdio: it shares our
     * memory), and no page of ours is copied for it. */
    const long command = VMINIT_VFORK();
    if (command < 0)
        rawSyscall(SYS_exit, 126, 0, 0, 0, 0);
    if (command == 0) {
        rawSyscall(SYS_setpgid, 0, 0, 0, 0, 0);
        /* the command starts with no signal blocked */
        rawSyscall(SYS_rt_sigprocmask, SIG_SETMASK, (long)&kNoSignal, 0, sizeof(long), 0);
        const long error = -rawSyscall(SYS_execve, (long)argv[0], (long)argv, (long)envp, 0, 0);
        char unknown[32];
        const char *reason = errorText(error, unknown);
        struct iovec parts[] = {{(void *)"clonedeck-vm-init: cannot run ", 30},
                                {argv[0], strlen(argv[0])},
                                {(void *)": ", 2},
                                {(void *)reason, strlen(reason)},
                                {(void *)"\n", 1}};
        rawSyscall(SYS_writev, STDERR_FILENO, (long)parts, 5, 0, 0);
        rawSyscall(SYS_exit, error == ENOENT ? 127 : 126, 0, 0, 0, 0);
    }
    rawSyscall(SYS_setpgid, command, command, 0, 0, 0); /* either of the two calls wins the race */
    for (;;) {
        siginfo_t info;
        const long signal =
            rawSyscall(SYS_rt_sigtimedwait, (long)&kAllSignals, (long)&info, 0, sizeof(long), 0);
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
                vminitSendReply(reply, VMINIT_EXITED, status, -1);
                rawSyscall(SYS_exit, 0, 0, 0, 0, 0);
            }
        }
    }
}

/* The command init: pid 1 of a new PID namespace, in a new mount namespace. */
static int runCommand(void *argument)
{
    const struct CommandStart *start = argument;
    const int reply = start->reply;
    /* Every signal blocked before "started" hands out the pidfd: a signal sent at once waits for
     * superviseCommand's sigwaitinfo. Unblocked, the kernel would drop it, as it drops any signal
     * without a handler sent to a PID namespace's init from outside. */
    rawSyscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)&kAllSignals, 0, sizeof(long), 0);
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
    vminitSendReply(reply, VMINIT_STARTED, 0, (int)self);
    rawSyscall(SYS_close, self, 0, 0, 0, 0);
    superviseCommand(reply, start->argv, start->envp);
    return 0;
}

/* The command init's first step, whether it shares this process's memory or is a fork of it:
 * the control socket is this process's alone. */
int vminitRunCommandInit(void *start)
{
    rawSyscall(SYS_close, VMINIT_CONTROL_FD, 0, 0, 0, 0);
    return runCommand(start);
}
