/*
 * What both clonedeck-vm-init and its command inits call: raw system calls only, as a command
 * init shares the VM init's memory and must not write the errno it reads (raw-syscall.h).
 */
#pragma once

#include <stdint.h>

void vminitClose(int fd);
/* { code, detail } on a reply or control socket, with passFd (if >= 0) as SCM_RIGHTS */
void vminitSendReply(int fd, int32_t code, int32_t detail, int passFd);
/* n in decimal at out, without a terminating NUL; returns the number of digits */
int vminitFormatDecimal(char *out, unsigned long n);
