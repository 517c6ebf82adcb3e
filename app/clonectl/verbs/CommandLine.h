#pragma once

// What clonectl (or gc) was asked: global options, then a verb and its arguments.
#include "GlobalOptions.h"

#include <QStringList>
#include <QTextStream>

#include <optional>

namespace clonedeck::cli {

struct CommandLine
{
    GlobalOptions options; // with the domid of $CLONEDECK_DOMID when set
    QString verb;          // empty: none given
    QStringList verbArgs;
    bool wantHelp = false;

    // Global options come before the verb; what follows the verb is the verb's. Returns Success, or
    // Usage after saying why on err.
    int parse(const QStringList &args, QTextStream &err);
    // The start clonectl and gc share: names the program as called (`gc` or `clonectl`, else
    // `defaultName`), sets up logging, parses the arguments and answers a missing verb. An exit code
    // when the process is done, nothing to go on.
    std::optional<int> start(const QString &defaultName, bool withRemote, QTextStream &out, QTextStream &err);
};

// The general usage text; `withRemote`: clonectl's --connect, launch and policy (gc has only the
// platform's verbs on its own domain's channel).
QString generalUsage(bool withRemote);

// The main() of clonectl and gc: Qt, logging and the command line, then `run` with what was asked.
using VerbRunner = int (*)(CommandLine &line, QTextStream &out, QTextStream &err);
int runProgram(int argc, char *argv[], const QString &defaultName, bool withRemote, VerbRunner run);

} // namespace clonedeck::cli
