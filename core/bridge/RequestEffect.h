#pragma once

// What a guest's request changed in its connection's state once xenstored said
// OK. Kept with the request until the guest has its reply, so that a fork can
// hand the clone the state as the guest knew it (a watch added whose reply the
// guest never saw is not the clone's: the clone re-issues the request instead).
#include "BridgeWatchTable.h"

namespace clonedeck::bridge {

struct RequestEffect
{
    enum class Kind
    {
        None,
        WatchAdded,
        WatchRemoved,
        TransactionStarted,
        TransactionEnded,
    };
    Kind kind = Kind::None;
    quint32 watchId = 0;          // WatchAdded, WatchRemoved
    BridgeWatch removedWatch;     // WatchRemoved: so that a fork can restore it
    quint32 guestTransaction = 0; // TransactionStarted (once known), TransactionEnded
};

} // namespace clonedeck::bridge
