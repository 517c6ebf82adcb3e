#pragma once

#include <QString>

namespace clonedeck::cli {

// Options every clonectl verb shares.
struct GlobalOptions
{
    QString socketPath; // empty: XENSTORED_PATH or the system default
    int domid = 0;
    bool json = false;
};

} // namespace clonedeck::cli
