#pragma once

// What one domain uses of its host right now, as its backend measured it and the
// platform publishes it under /clonedeck/usage/<domid> (docs/protocol.md, "Usage").
// No node means nothing of the domain runs (an idle sandbox VM has no process).
#include "Error.h"
#include "Record.h"

namespace clonedeck {

struct DomainUsage
{
    int domid = 0;
    int cpuPercent = 0;      // of one core, summed over the domain's processes (a busy 2-vCPU VM: up to 200)
    qint64 rssKb = 0;        // resident memory of its processes
    qint64 pssKb = -1;       // proportional share (shared pages split among sharers); -1: not measured
    int processes = 0;       // host processes counted (sandbox: its commands' trees; QEMU: 1)
    qint64 guestUsedKb = -1; // what the guest itself says it uses (QEMU guest agent); -1: unknown
    qint64 sampledMs = 0;    // when it was measured, ms since the epoch

    bool isIdle() const { return processes == 0; }
    // Worth publishing over `published`: a CPU change of kCpuStep points or more, memory moved by
    // kMemoryStepPercent (at least kMemoryStepKb), or the domain started or stopped running
    // anything. Below that a sample is noise, and 1,000 idle domains must cost xenstore nothing.
    bool differsNoticeablyFrom(const DomainUsage &published) const;

    Record toRecord() const;
    static Result<DomainUsage> fromRecord(int domid, const Record &record);
    bool operator==(const DomainUsage &) const = default;

    static constexpr int kCpuStep = 5;
    static constexpr int kMemoryStepPercent = 5;
    static constexpr qint64 kMemoryStepKb = 1024;
};

} // namespace clonedeck
