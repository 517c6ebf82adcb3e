// clonectl: the platform's verbs on the command line (Copper's `gc` verbs, and more).
#include "CommandLine.h"
#include "ExitCode.h"
#include "LaunchCommand.h"
#include "PlatformVerbs.h"
#include "PolicyCommand.h"
#include "RemoteConnection.h"

#include <QCoreApplication>

using namespace clonedeck;
using namespace clonedeck::cli;

namespace {
int runHostVerb(CommandLine &line, QTextStream &out, QTextStream &err)
{
    const QString &verb = line.verb;
    const QStringList &verbArgs = line.verbArgs;
    int exitCode = Success;
    const auto remote = line.wantHelp ? nullptr : RemoteConnection::open(line.options, err, &exitCode);
    if (exitCode != Success)
        return exitCode;
    if (verb == QLatin1String("launch")) {
        if (line.wantHelp || verbArgs.value(0) == QLatin1String("--help")) {
            out << launchUsage();
            return Success;
        }
        return runLaunch(verbArgs, line.options);
    }
    if (verb == QLatin1String("policy")) {
        if (line.wantHelp || verbArgs.isEmpty() || verbArgs.contains(QStringLiteral("--help"))) {
            (line.wantHelp || !verbArgs.isEmpty() ? out : err) << policyUsage();
            return line.wantHelp || !verbArgs.isEmpty() ? Success : Usage;
        }
        return runPolicy(verbArgs, line.options);
    }
    if (!isPlatformVerb(verb)) {
        err << "clonectl: unknown verb `" << verb << "`\n" << generalUsage(true);
        return Usage;
    }
    return runPlatformVerb(line, out, err);
}
} // namespace

int main(int argc, char *argv[])
{
    return runProgram(argc, argv, QStringLiteral("clonectl"), true, runHostVerb);
}
