/*
 * What clonedeckd (core/sandbox/SandboxVmInit.cpp) and a sandbox VM's long-lived init
 * (clonedeck-vm-init.c) say to each other over SOCK_SEQPACKET sockets. Plain C: both sides
 * include it.
 *
 * Control socket (the init's fd 3): the init sends one reply when it is ready; clonedeckd
 * then sends one request per command:
 *     payload  "DIRECTORY\0ARGC\0ARGV0\0...\0ENV0\0ENV1\0..." (ARGC in decimal) (at most VMINIT_MAX_REQUEST)
 *     SCM_RIGHTS  stdin, stdout, stderr, and the command's reply socket
 * Reply socket (one per command): { int32 code, int32 detail } messages:
 *     { VMINIT_STARTED, 0 } + SCM_RIGHTS a pidfd of the command's own init (signals go there),
 *     then { VMINIT_EXITED, wait status } when the command ends;
 *     or { errno, VMINIT_STEP_* } if it could not be started.
 * The control socket's "ready" is { VMINIT_READY, 0 }, or { errno, VMINIT_STEP_* }.
 */
#pragma once

#define VMINIT_CONTROL_FD 3
#define VMINIT_MAX_REQUEST (512 * 1024)
/* How many ended commands' memory (stack and request) the init keeps for its next commands;
 * beyond that it unmaps what a burst of commands mapped. */
#define VMINIT_KEPT_FREE_SLOTS 8

#define VMINIT_READY 0
#define VMINIT_STARTED 0
#define VMINIT_EXITED (-1)

#define VMINIT_STEP_USERNS 1
#define VMINIT_STEP_ID_MAPS 2
#define VMINIT_STEP_REQUEST 3
#define VMINIT_STEP_FORK 4
#define VMINIT_STEP_PROC 5
#define VMINIT_STEP_DIRECTORY 6
#define VMINIT_STEP_PIDFD 7
