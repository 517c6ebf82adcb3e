/*
 * What clonedeck-vm-init needs that a C library would give it, for the build without one
 * (VMINIT_FREESTANDING: x86-64, not under the sanitizers; vm-init-runtime.c has the code and
 * CMakeLists.txt why). Elsewhere the C library's own clone() and vfork() serve.
 *
 *   vminitClone(flags, stackTop, fn, arg): a child on its own stack that runs fn(arg) and exits
 *     with what it returns; the child's pid, or -errno.
 *   VMINIT_VFORK(): vfork() (the child may only make system calls until it execs or exits);
 *     the child's pid in the parent, 0 in the child, or a negative number when it failed.
 *     A macro, not a function: a vfork child must not return from the frame that called it.
 */
#pragma once

#if VMINIT_FREESTANDING

long vminitClone(unsigned long flags, void *stackTop, int (*fn)(void *), void *arg);
/* returns_twice: as for vfork(), the compiler must not keep anything in a stack slot the child may
 * reuse before it execs */
__attribute__((returns_twice)) long vminitVfork(void);
#define VMINIT_VFORK() vminitVfork()

#else

#include <errno.h>
#include <sched.h>
#include <unistd.h>

static inline long vminitClone(unsigned long flags, void *stackTop, int (*fn)(void *), void *arg)
{
    const int child = clone(fn, stackTop, (int)flags, arg);
    return child < 0 ? -errno : child;
}
#define VMINIT_VFORK() vfork()

#endif
