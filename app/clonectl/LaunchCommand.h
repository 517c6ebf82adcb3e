#pragma once

// `clonectl launch`: the launcher pipeline with the agent's stdin/stdout wired to
// clonectl's own, so a CI server can use it as its "launch agent via command"
// command. Logs go to stderr or a file, never to stdout; the exit status mirrors
// the agent's; SIGINT/SIGTERM tear everything down first.
#include "GlobalOptions.h"

#include <QStringList>

namespace clonedeck::cli {

int runLaunch(const QStringList &args, const GlobalOptions &options);
QString launchUsage();

} // namespace clonedeck::cli
