#include "PlatformVerbs.h"

#include "ClonectlCommands.h"
#include "ExitCode.h"
#include "PlatformClient.h"
#include "PlatformReplies.h"
#include "ProcessDeadline.h"
#include "XenstoreConnection.h"

#include <QCoreApplication>

#include <functional>
#include <map>

namespace clonedeck::cli {

namespace {
constexpr int kOpenMarginMs = 5000; // opening the channel and reading the platform's record
const QStringList kReadOnlyVerbs{QStringLiteral("ismaster"), QStringLiteral("ltd"),
                                 QStringLiteral("tickets"),  QStringLiteral("domains"),
                                 QStringLiteral("hosts"),    QStringLiteral("history")};
} // namespace

bool isPlatformVerb(const QString &verb)
{
    return !ClonectlCommands::usage(verb).isEmpty();
}

qint64 processDeadlineMs(const QString &verb, const QStringList &verbArgs)
{
    if (const int forced = qEnvironmentVariableIntValue("CLONECTL_DEADLINE_MS"); forced > 0)
        return forced;
    bool timeoutGiven = false;
    const qint64 timeoutMs = verbArgs.value(3).toLongLong(&timeoutGiven); // rt COUNT VCPUS MEMORY TIMEOUT_MS
    if (verb == QLatin1String("rt") && timeoutGiven && timeoutMs >= 0)
        return timeoutMs + replies::kCallMarginMs + kOpenMarginMs;
    return (kReadOnlyVerbs.contains(verb) ? replies::kReadCallMs : replies::kDefaultCallMs) + kOpenMarginMs;
}

int runPlatformVerb(CommandLine line, QTextStream &out, QTextStream &err)
{
    const QString &verb = line.verb;
    QStringList &verbArgs = line.verbArgs;
    GlobalOptions &options = line.options;
    if (verbArgs.removeAll(QStringLiteral("--json")) > 0)
        options.json = true;
    if (line.wantHelp || verbArgs.contains(QStringLiteral("--help")) ||
        verbArgs.contains(QStringLiteral("-h"))) {
        out << ClonectlCommands::usage(verb);
        return Success;
    }
    ProcessDeadline::arm(processDeadlineMs(verb, verbArgs), QCoreApplication::applicationName());
    auto connection = XenstoreConnection::open(options.socketPath);
    if (!connection) {
        err << QCoreApplication::applicationName()
            << ": cannot reach the platform: " << connection.error().toString()
            << "\n  Is clonedeckd running? Set XENSTORED_PATH to its socket (clonedeckd prints it).\n";
        return Unreachable;
    }
    // In a QEMU guest (no domid given) the channel is the domain's own: relative paths, so that a
    // `gc clone` in flight at the fork returns in every clone as that clone.
    const auto ownDomain = options.domidGiven ? std::nullopt : PlatformClient::forOwnDomain(**connection);
    PlatformClient client = ownDomain ? *ownDomain : PlatformClient(**connection, options.domid);
    if (auto platform = client.platform(); !platform) {
        err << QCoreApplication::applicationName() << ": no Clonedeck platform on this xenstore ("
            << platform.error().toString() << ")\n";
        return Unreachable;
    }
    ClonectlCommands commands(client, out, err, options);
    const std::map<QString, std::function<int(const QStringList &)>> table{
        {QStringLiteral("rt"), [&](const QStringList &a) { return commands.requestTicket(a); }},
        {QStringLiteral("clone"), [&](const QStringList &a) { return commands.clone(a); }},
        {QStringLiteral("ismaster"), [&](const QStringList &a) { return commands.isMaster(a); }},
        {QStringLiteral("ltd"), [&](const QStringList &a) { return commands.listTicketDetails(a); }},
        {QStringLiteral("join"), [&](const QStringList &a) { return commands.join(a); }},
        {QStringLiteral("kill"), [&](const QStringList &a) { return commands.kill(a); }},
        {QStringLiteral("release"), [&](const QStringList &a) { return commands.release(a); }},
        {QStringLiteral("tickets"), [&](const QStringList &a) { return commands.tickets(a); }},
        {QStringLiteral("domains"), [&](const QStringList &a) { return commands.domains(a); }},
        {QStringLiteral("hosts"), [&](const QStringList &a) { return commands.hosts(a); }},
        {QStringLiteral("history"), [&](const QStringList &a) { return commands.history(a); }},
    };
    return table.at(verb)(verbArgs);
}

} // namespace clonedeck::cli
