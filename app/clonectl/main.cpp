// clonectl: the platform's verbs on the command line (Copper's `gc`, and more).
#include "ClonectlCommands.h"
#include "ExitCode.h"
#include "LaunchCommand.h"
#include "Log.h"
#include "PolicyCommand.h"
#include "ProtocolPaths.h"
#include "RemoteConnection.h"
#include "XenstoreConnection.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <functional>
#include <map>

using namespace clonedeck;
using namespace clonedeck::cli;

namespace {

const QStringList kValueOptions{QStringLiteral("--domain"),      QStringLiteral("--socket"),
                                QStringLiteral("--connect"),     QStringLiteral("--ssh-identity"),
                                QStringLiteral("--known-hosts"), QStringLiteral("--accept-host-key")};

QString generalUsage()
{
    QString text =
        QStringLiteral(
            "Usage: %1 [--connect URI | --socket PATH] [--domain DOMID] [--json] VERB [ARGS]\n"
            "                [--ssh-identity FILE] [--known-hosts FILE] [--accept-host-key SHA256:...]\n\n"
            "Verbs:\n")
            .arg(QCoreApplication::applicationName());
    for (const QString &verb : ClonectlCommands::verbs())
        text += QStringLiteral("  ") + ClonectlCommands::synopsis(verb) + QLatin1Char('\n');
    text += QStringLiteral("  launch [OPTIONS] -- AGENT COMMAND...   (clonectl launch --help)\n");
    text += QStringLiteral("  policy run|show [OPTIONS]             (clonectl policy --help)\n");
    text += QStringLiteral(
        "\nThe domain acted for is --domain, else $CLONEDECK_DOMID (set inside sandbox VMs), else the one\n"
        "the xenstore channel belongs to (a QEMU guest's /dev/xen/xenbus), else 0 (dom0).\n"
        "The xenstore socket is --socket, else $XENSTORED_PATH, else the system default.\n"
        "--connect URI (else $CLONEDECK_CONNECT) reaches a platform elsewhere: unix:///path/to/socket, or\n"
        "ssh://[user@]host[:port]/path/to/socket over OpenSSH (ssh-agent, then --ssh-identity or "
        "~/.ssh/id_*;\n"
        "the host key checked against --known-hosts or ~/.ssh/known_hosts; an unknown host is refused with "
        "its\n"
        "fingerprint unless --accept-host-key names exactly that fingerprint; a changed key is always "
        "refused).\n"
        "`clonectl VERB --help` describes one verb. Exit codes: 0 ok, 1 failure, 2 usage, 3 not found,\n"
        "13 permission, 16 busy (EBUSY), 69 platform unreachable.\n");
    return text;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // Installed as `gc` too (the seed's name, in the guest image): same verbs, same contract.
    QCoreApplication::setApplicationName(QFileInfo(QString::fromLocal8Bit(argv[0])).fileName() ==
                                                 QLatin1String("gc")
                                             ? QStringLiteral("gc")
                                             : QStringLiteral("clonectl"));
    logging::setup({QStringLiteral("clonectl"), qEnvironmentVariable("CLONECTL_LOG_FILE"), true,
                    logging::levelFromEnvironment(spdlog::level::warn)});
    QTextStream out(stdout);
    QTextStream err(stderr);

    GlobalOptions options;
    options.domid = qEnvironmentVariableIntValue("CLONEDECK_DOMID");
    options.domidGiven = qEnvironmentVariableIsSet("CLONEDECK_DOMID");
    const QStringList args = app.arguments().mid(1);
    QString verb;
    QStringList verbArgs;
    bool wantHelp = false;
    // Global options come before the verb; what follows the verb is the verb's.
    qsizetype i = 0;
    for (; i < args.size() && verb.isEmpty(); ++i) {
        const QString &arg = args[i];
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            wantHelp = true;
        } else if (arg == QLatin1String("--json")) {
            options.json = true;
        } else if (kValueOptions.contains(arg)) {
            if (i + 1 >= args.size()) {
                err << "clonectl: " << arg << " needs a value\n" << generalUsage();
                return Usage;
            }
            const QString value = args[++i];
            if (arg == QLatin1String("--socket")) {
                options.socketPath = value;
            } else if (arg == QLatin1String("--connect")) {
                options.connect = value;
            } else if (arg == QLatin1String("--ssh-identity")) {
                options.ssh.identityFiles.append(value);
            } else if (arg == QLatin1String("--known-hosts")) {
                options.ssh.knownHostsFile = value;
            } else if (arg == QLatin1String("--accept-host-key")) {
                options.ssh.acceptHostKey = value;
            } else if (const auto domid = protocol::parseDomid(value)) {
                options.domid = *domid;
                options.domidGiven = true;
            } else {
                err << "clonectl: not a domid: " << value << "\n";
                return Usage;
            }
        } else if (arg.startsWith(QLatin1String("--"))) {
            err << "clonectl: unknown option " << arg << "\n" << generalUsage();
            return Usage;
        } else {
            verb = arg;
        }
    }
    verbArgs = args.mid(i);
    if (verb.isEmpty()) {
        (wantHelp ? out : err) << generalUsage();
        return wantHelp ? Success : Usage;
    }
    int exitCode = Success;
    const auto remote = wantHelp ? nullptr : RemoteConnection::open(options, err, &exitCode);
    if (exitCode != Success)
        return exitCode;
    if (verb == QLatin1String("launch")) {
        if (wantHelp || verbArgs.value(0) == QLatin1String("--help")) {
            out << launchUsage();
            return Success;
        }
        return runLaunch(verbArgs, options);
    }
    if (verb == QLatin1String("policy")) {
        if (wantHelp || verbArgs.isEmpty() || verbArgs.contains(QStringLiteral("--help"))) {
            (wantHelp || !verbArgs.isEmpty() ? out : err) << policyUsage();
            return wantHelp || !verbArgs.isEmpty() ? Success : Usage;
        }
        return runPolicy(verbArgs, options);
    }
    if (ClonectlCommands::usage(verb).isEmpty()) {
        err << "clonectl: unknown verb `" << verb << "`\n" << generalUsage();
        return Usage;
    }
    if (verbArgs.removeAll(QStringLiteral("--json")) > 0)
        options.json = true;
    if (wantHelp || verbArgs.contains(QStringLiteral("--help")) || verbArgs.contains(QStringLiteral("-h"))) {
        out << ClonectlCommands::usage(verb);
        return Success;
    }

    auto connection = XenstoreConnection::open(options.socketPath);
    if (!connection) {
        err << "clonectl: cannot reach the platform: " << connection.error().toString()
            << "\n  Is clonedeckd running? Set XENSTORED_PATH to its socket (clonedeckd prints it).\n";
        return Unreachable;
    }
    // In a QEMU guest (no domid given) the channel is the domain's own: relative paths, so that a
    // `gc clone` in flight at the fork returns in every clone as that clone.
    const auto ownDomain = options.domidGiven ? std::nullopt : PlatformClient::forOwnDomain(**connection);
    PlatformClient client = ownDomain ? *ownDomain : PlatformClient(**connection, options.domid);
    if (auto platform = client.platform(); !platform) {
        err << "clonectl: no Clonedeck platform on this xenstore (" << platform.error().toString() << ")\n";
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
