/*
 * rawSyscall: a system call in the kernel's own convention (the result, or -errno), for the
 * command init of clonedeck-vm-init.c, which shares its parent's memory (CLONE_VM) and so must
 * not write the errno its parent reads. COMMAND_INIT_SHARES_MEMORY says whether this build
 * has it; where it does not, the command init is a fork and syscall(2) serves.
 */
#pragma once

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define COMMAND_INIT_SHARES_MEMORY 1
static inline long rawSyscall6(long number, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
}
#elif defined(__aarch64__) && !defined(__SANITIZE_ADDRESS__)
#define COMMAND_INIT_SHARES_MEMORY 1
static inline long rawSyscall6(long number, long a, long b, long c, long d, long e, long f)
{
    register long x8 __asm__("x8") = number;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
}
#else
/* Elsewhere, and under the sanitizers (whose runtime knows nothing of a process sharing its
 * memory), the command init is a fork of this small process. */
#define COMMAND_INIT_SHARES_MEMORY 0
static inline long rawSyscall6(long number, long a, long b, long c, long d, long e, long f)
{
    const long result = syscall(number, a, b, c, d, e, f);
    return result < 0 ? -errno : result;
}
#endif

/* The calls of five arguments or fewer; rawSyscall6 is for mmap, whose sixth is its offset. */
static inline long rawSyscall(long number, long a, long b, long c, long d, long e)
{
    return rawSyscall6(number, a, b, c, d, e, 0);
}
