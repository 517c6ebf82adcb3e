#pragma once

// clonectl's exit codes, one per class of failure, documented in docs/clonectl.md.
// Scripts branch on them (`rt` exits 16 on EBUSY, as Copper's gc did).
#include "Error.h"

namespace clonedeck::cli {

enum ExitCode : int
{
    Success = 0,
    Failure = 1,     // anything not below
    Usage = 2,       // bad arguments
    NotFound = 3,    // no such ticket or domain
    Permission = 13, // the domain may not do this (EACCES)
    Busy = 16,       // no resources in time (EBUSY)
    Unreachable = 69 // no platform: xenstored or clonedeckd not running, or timed out
};

inline int exitCodeFor(const Error &error)
{
    switch (error.code) {
    case ENOENT:
        return NotFound;
    case EACCES:
    case EPERM:
        return Permission;
    case EBUSY:
        return Busy;
    case ECONNREFUSED:
    case ENOTCONN:
    case ETIMEDOUT:
        return Unreachable;
    case EINVAL:
        return Usage;
    default:
        return Failure;
    }
}

} // namespace clonedeck::cli
