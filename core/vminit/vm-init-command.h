/*
 * A command init (clonedeck-vm-init.c says what it is): pid 1 of a new PID namespace, in a new
 * mount namespace, sharing the VM init's memory or a fork of it; it runs one command.
 */
#pragma once

/* One command's request, as the command init receives it (in memory that is its own until it is
 * reaped: clonedeck-vm-init.c's CommandSlot). */
struct CommandStart
{
    int stdio[3];
    int reply;
    char *directory;
    char **argv;
    char **envp;
};

/* The command init's entry: never returns before its command has ended. */
int vminitRunCommandInit(void *start);
