// gc: the seed's name for the platform's verbs inside a guest (rt, clone, ismaster, ltd, join, kill,
// ...), the same verbs and output contract as clonectl's, on the domain's own xenstore channel.
// A build of its own because a TCG guest pays for every library it loads: clonectl's SSH, QtNetwork
// and Kerberos stack made it 35 libraries and 16.1 M instructions to its usage text, against 22 and
// 6.6 M for gc (`valgrind --tool=callgrind`, most of it the dynamic linker's symbol lookups); in a
// TCG guest `gc ismaster` went from 1.6-2.5 s to 0.4 s.
#include "CommandLine.h"
#include "ExitCode.h"
#include "PlatformVerbs.h"

#include <QCoreApplication>

using namespace clonedeck::cli;

namespace {
int runGuestVerb(CommandLine &line, QTextStream &out, QTextStream &err)
{
    const QString program = QCoreApplication::applicationName();
    // The image links /usr/bin/clonectl to gc too: what needs the host's clonectl says so.
    if (!line.options.connect.isEmpty()) {
        err << program << ": --connect is the host's clonectl's (a guest acts on its own domain's channel)\n";
        return Usage;
    }
    if (!isPlatformVerb(line.verb)) {
        err << program << ": unknown verb `" << line.verb
            << "` (launch and policy are the host's clonectl's)\n"
            << generalUsage(false);
        return Usage;
    }
    return runPlatformVerb(line, out, err);
}
} // namespace

int main(int argc, char *argv[])
{
    return runProgram(argc, argv, QStringLiteral("gc"), false, runGuestVerb);
}
