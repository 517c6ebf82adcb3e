#pragma once

// Chooses KVM where it really runs the guest, else TCG. A /dev/kvm that opens
// is not proof: on some hosts it is PVM, which cannot run a stock Debian kernel
// (../shared/notes/qemu-fork-clones.md), and a broken accelerator may hang
// instead of failing. So the probe boots the guest image on KVM until its /init
// prints a marker, within a short deadline, and kills it either way.
#include "Error.h"
#include "QemuOptions.h"

namespace clonedeck {

struct AcceleratorChoice
{
    QString accelerator; // "kvm" or "tcg"
    QString reason;      // why, for the log and the docs
};

class AcceleratorProbe
{
public:
    // Blocks for at most options.probeTimeoutMs (plus QEMU's own start). "kvm" configured but not working is
    // an error; "auto" falls back to TCG with the reason.
    static Result<AcceleratorChoice> choose(const QemuOptions &options);
    // Boots the image on `accelerator` until the marker appears on the serial console.
    static Status bootProbe(const QString &qemuBinary, const QString &accelerator, const QString &kernel,
                            const QString &initrd, int timeoutMs);
};

} // namespace clonedeck
