#pragma once

// How much one guest connection of the per-domain xenstore bridge may hold or
// open, so that a hostile guest costs the daemon a bounded amount of memory and
// never stalls it. The quotas follow xenstored's own defaults for a domain.
#include <QtGlobal>

namespace clonedeck::bridge {

struct BridgeLimits
{
    // Requests read from the guest and not yet answered to it. libxenstore has one per thread
    // in flight; 64 keeps a pipelining guest's held requests and their replies under ~512 KiB.
    int requestsInFlight = 64;
    // Bytes waiting to go to xenstored or to the guest before the bridge stops reading the guest.
    qsizetype bufferedBytes = 64 * 1024;
    // Watch events waiting for a guest that does not read: beyond this they are dropped, as
    // xenstored drops a domain's events past its memory quota (XSA-326).
    qsizetype eventBacklogBytes = 128 * 1024;
    // Bytes already written to the guest kept for a fork: what the guest's end (QEMU) had not
    // read yet at the snapshot is resent to the clone. More than the socket can hold unread:
    // the kernel doubles guestSendBuffer (64 KiB) and lets one more buffer of half that in.
    qsizetype deliveredHistoryBytes = 128 * 1024;
    int guestSendBuffer = 32 * 1024;
    int watchesPerConnection = 128;     // xenstored's quota_nb_watch_per_domain
    int transactionsPerConnection = 10; // xenstored's quota_max_transaction
    int connectionsPerDomain = 16;
};

} // namespace clonedeck::bridge
