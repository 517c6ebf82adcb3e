/*
 * A command init (clonedeck-vm-init.c says what it is): pid 1 of a new PID namespace, in a new
 * mount namespace, sharing the VM init's memory or a fork of it; it runs one command.
 */
#pragma once

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

/* The command init's entry: never returns before its command has ended. */
int vminitRunCommandInit(void *start);
