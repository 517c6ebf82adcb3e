#pragma once

// CPU time another process has used, for tests and benchmarks that measure what a daemon
// spends rather than trust its word.
#include <QtGlobal>

namespace clonedeck::test {

// User and system time of the process so far, in milliseconds (/proc/<pid>/stat); -1 if unknown.
qint64 processCpuMs(qint64 pid);

} // namespace clonedeck::test
