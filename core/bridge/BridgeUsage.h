#pragma once

// What one domain's endpoint holds right now: for tests that check a hostile
// guest's cost stays bounded, and for whoever shows per-domain usage later.
#include <QtGlobal>

namespace clonedeck::bridge {

struct BridgeUsage
{
    int connections = 0;
    qsizetype bufferedBytes = 0; // waiting to be sent either way, or framed but incomplete
    int requestsInFlight = 0;
    quint64 droppedEvents = 0; // since the endpoint opened
};

} // namespace clonedeck::bridge
