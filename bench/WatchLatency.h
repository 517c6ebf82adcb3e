#pragma once

// Watch-to-model latency through the console's real path: a domain record's state changes
// in xenstore (written by another thread on its own connection to writerSocket, as the
// control plane writes it) -> MembershipModel emits dataChanged for that domain's row.
// One change in flight at a time, 2 ms apart, so no two are coalesced.
#include <QList>
#include <QString>

namespace clonedeck::bench {

class ConsoleModels;

// Starts console, waits until it has loaded, then measures `samples` changes to random
// domains. Milliseconds, or an empty list on failure (the reason printed).
QList<double> watchToModelLatencies(ConsoleModels &console, const QString &writerSocket, int samples);

} // namespace clonedeck::bench
