#pragma once

// Runs one of the platform's verbs (rt, clone, ismaster, ltd, join, ...) over xenstore: opens the
// channel, acts for the given domain or the channel's own, all under one deadline for the process.
#include "CommandLine.h"

namespace clonedeck::cli {

bool isPlatformVerb(const QString &verb);
// The whole process's deadline: the verb's own call deadline (rt: its TIMEOUT_MS plus the call
// margin; reads 15 s; changes 120 s) plus the time to open the channel and read the platform;
// $CLONECTL_DEADLINE_MS, when set, instead.
qint64 processDeadlineMs(const QString &verb, const QStringList &verbArgs);
int runPlatformVerb(CommandLine line, QTextStream &out, QTextStream &err);

} // namespace clonedeck::cli
