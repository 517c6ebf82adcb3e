#pragma once

// Ends this process with exit 69 (Unreachable) and a message when it outlives its deadline,
// wherever it is: a QEMU guest's write to /dev/xen/xenbus blocks in the kernel while the port has
// no host end (clonedeckd down), where no timer inside the call ever runs. SIGALRM interrupts the
// blocked write; the handler only write()s a message prepared beforehand and _exit()s, both
// async-signal-safe.
#include <QString>

namespace clonedeck::cli {

class ProcessDeadline
{
public:
    // Once per process, before the first platform call. `program` names the process in the message.
    static void arm(qint64 ms, const QString &program);
};

} // namespace clonedeck::cli
