#pragma once

// `clonectl policy run|show`: the elastic policy engine headless, for a server
// without a display, and the policies stored for the console.
#include "GlobalOptions.h"

#include <QStringList>

namespace clonedeck::cli {

int runPolicy(const QStringList &args, const GlobalOptions &options);
QString policyUsage();

} // namespace clonedeck::cli
