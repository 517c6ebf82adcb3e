/*
 * The start, clone, vfork and memory functions of clonedeck-vm-init built without a C library
 * (vm-init-runtime.h). x86-64 only: the build uses it there and links the C library elsewhere.
 *
 * Why without: every VM's first command starts the VM's init, and a static glibc program's
 * start-up (its CPU-feature and cache probing: CPUID, which traps on this machine kind, a PVM
 * guest) cost ~0.8 ms of CPU on an idle host and ~2 ms within a 200-agent fan-out, on top of
 * the exec (docs/performance-history.md, session 12).
 */
#include "vm-init-runtime.h"

#include <stddef.h>
#include <sys/syscall.h>

#include "raw-syscall.h"

int main(void);

/* The kernel starts the process here, the stack pointer at argc (the init reads neither
 * arguments nor environment). */
__asm__(".text\n"
        ".global _start\n"
        ".type _start, @function\n"
        "_start:\n"
        "    xor %ebp, %ebp\n"
        "    and $-16, %rsp\n"
        "    call vminitStart\n"
        "    hlt\n");

__attribute__((used, noreturn)) void vminitStart(void)
{
    const int status = main();
    for (;;)
        rawSyscall(SYS_exit_group, status, 0, 0, 0, 0);
}

/* clone(flags, stackTop): the child starts on stackTop, where fn and arg were put for it, calls
 * fn(arg) and exits with its result; the parent returns the pid or -errno. */
__asm__(".text\n"
        ".global vminitClone\n"
        ".type vminitClone, @function\n"
        "vminitClone:\n" /* rdi flags, rsi stackTop, rdx fn, rcx arg */
        "    and $-16, %rsi\n"
        "    sub $16, %rsi\n"
        "    mov %rdx, 0(%rsi)\n"
        "    mov %rcx, 8(%rsi)\n"
        "    mov $56, %eax\n" /* SYS_clone (flags, stack, parent_tid, child_tid, tls) */
        "    xor %edx, %edx\n"
        "    xor %r10d, %r10d\n"
        "    xor %r8d, %r8d\n"
        "    syscall\n"
        "    test %rax, %rax\n"
        "    jnz 1f\n"
        "    xor %ebp, %ebp\n"
        "    pop %rax\n"
        "    pop %rdi\n"
        "    call *%rax\n"
        "    mov %eax, %edi\n"
        "    mov $60, %eax\n" /* SYS_exit */
        "    syscall\n"
        "    hlt\n"
        "1:  ret\n");

/* vfork: the return address is taken off the stack first, as the child's calls would overwrite
 * it in the frame it shares with the parent. */
__asm__(".text\n"
        ".global vminitVfork\n"
        ".type vminitVfork, @function\n"
        "vminitVfork:\n"
        "    pop %rdx\n"
        "    mov $58, %eax\n" /* SYS_vfork */
        "    syscall\n"
        "    push %rdx\n"
        "    ret\n");

/* What the compiler may call for copies and zeroing (CMakeLists.txt keeps it from turning these
 * loops back into calls to themselves). */
void *memcpy(void *to, const void *from, size_t n)
{
    unsigned char *d = to;
    const unsigned char *s = from;
    while (n--)
        *d++ = *s++;
    return to;
}

void *memmove(void *to, const void *from, size_t n)
{
    unsigned char *d = to;
    const unsigned char *s = from;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return to;
}

void *memset(void *to, int byte, size_t n)
{
    unsigned char *d = to;
    while (n--)
        *d++ = (unsigned char)byte;
    return to;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; --n, ++x, ++y) {
        if (*x != *y)
            return *x - *y;
    }
    return 0;
}

size_t strlen(const char *text)
{
    const char *end = text;
    while (*end)
        ++end;
    return (size_t)(end - text);
}
