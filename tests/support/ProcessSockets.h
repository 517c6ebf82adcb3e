#pragma once

// What a process is connected to, read from the system (ss's socket diagnostics and
// /proc/<pid>/fd), for tests that count connections rather than trust the code's word.
#include <QString>

#include <sys/types.h>

namespace clonedeck::test {

// How many of the process's sockets are connected to the unix socket at socketPath
// (xenstored's): each connection's server side names that path, its peer is the client's
// socket, which /proc/<pid>/fd lists. -1 if it cannot be told (no `ss`).
int connectionsTo(const QString &socketPath, pid_t pid);

// How many descriptors the process has open (/proc/<pid>/fd, sockets included).
int openDescriptors(pid_t pid);

} // namespace clonedeck::test
