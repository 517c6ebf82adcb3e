#pragma once

#include <QString>

namespace clonedeck::cli {

// Options every clonectl verb shares.
struct GlobalOptions
{
    QString socketPath; // empty: XENSTORED_PATH or the system default
    int domid = 0;
    bool domidGiven = false; // else a guest acts as its own domain (the one its channel belongs to)
    bool json = false;
};

} // namespace clonedeck::cli
