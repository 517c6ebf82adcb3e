#pragma once

// A domain's disk when the platform runs a disk image: a qcow2 overlay whose
// backing file is the image (a master) or the master's disk frozen at the
// capture (a clone), so every domain writes only its own file and the image is
// never modified. Made with qemu-img (an argument vector); blocking, so callers
// run it on a worker thread.
#include "Error.h"

#include <QString>

namespace clonedeck {

class DiskOverlay
{
public:
    // `backingFormat` empty: asked from qemu-img (a user's image may be raw or qcow2).
    static Status create(const QString &backing, const QString &overlay, QString backingFormat = {});
};

} // namespace clonedeck
