#include "ProcessCpu.h"

#include "QemuProcess.h"

namespace clonedeck::test {

qint64 processCpuMs(qint64 pid)
{
    return QemuProcess::cpuTimeMs(pid); // the one reader of /proc/<pid>/stat's times; any process
}

} // namespace clonedeck::test
