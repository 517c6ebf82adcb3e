#include "CommandLine.h"

#include "ClonectlCommands.h"
#include "ExitCode.h"
#include "Log.h"
#include "ProtocolPaths.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace clonedeck::cli {

namespace {
const QStringList kValueOptions{QStringLiteral("--domain"),      QStringLiteral("--socket"),
                                QStringLiteral("--connect"),     QStringLiteral("--ssh-identity"),
                                QStringLiteral("--known-hosts"), QStringLiteral("--accept-host-key")};
} // namespace

QString generalUsage(bool withRemote)
{
    QString text =
        (withRemote ? QStringLiteral(
                          "Usage: %1 [--connect URI | --socket PATH] [--domain DOMID] [--json] VERB [ARGS]\n"
                          "                [--ssh-identity FILE] [--known-hosts FILE] [--accept-host-key "
                          "SHA256:...]\n\n")
                    : QStringLiteral("Usage: %1 [--socket PATH] [--domain DOMID] [--json] VERB [ARGS]\n\n"))
            .arg(QCoreApplication::applicationName()) +
        QStringLiteral("Verbs:\n");
    for (const QString &verb : ClonectlCommands::verbs())
        text += QStringLiteral("  ") + ClonectlCommands::synopsis(verb) + QLatin1Char('\n');
    if (withRemote) {
        text += QStringLiteral("  launch [OPTIONS] -- AGENT COMMAND...   (clonectl launch --help)\n");
        text += QStringLiteral("  policy run|show [OPTIONS]             (clonectl policy --help)\n");
    }
    text += QStringLiteral(
        "\nThe domain acted for is --domain, else $CLONEDECK_DOMID (set inside sandbox VMs), else the one\n"
        "the xenstore channel belongs to (a QEMU guest's /dev/xen/xenbus), else 0 (dom0).\n"
        "The xenstore socket is --socket, else $XENSTORED_PATH, else the system default.\n");
    if (withRemote)
        text += QStringLiteral(
            "--connect URI (else $CLONEDECK_CONNECT) reaches a platform elsewhere: unix:///path/to/socket, "
            "or\n"
            "ssh://[user@]host[:port]/path/to/socket over OpenSSH (ssh-agent, then --ssh-identity or "
            "~/.ssh/id_*;\n"
            "the host key checked against --known-hosts or ~/.ssh/known_hosts; an unknown host is refused "
            "with "
            "its\n"
            "fingerprint unless --accept-host-key names exactly that fingerprint; a changed key is always "
            "refused).\n");
    text +=
        QStringLiteral(
            "A platform verb's process ends with 69 when clonedeckd has not answered within the verb's own\n"
            "timeout (rt's TIMEOUT_MS) plus 20 s, else 20 s for reads and 125 s for changes; "
            "$CLONECTL_DEADLINE_MS sets it.\n"
            "`%1 VERB --help` describes one verb. Exit codes: 0 ok, 1 failure, 2 usage, 3 not found,\n"
            "13 permission, 16 busy (EBUSY), 69 platform unreachable.\n")
            .arg(QCoreApplication::applicationName());
    return text;
}

int CommandLine::parse(const QStringList &args, QTextStream &err)
{
    options.domid = qEnvironmentVariableIntValue("CLONEDECK_DOMID");
    options.domidGiven = qEnvironmentVariableIsSet("CLONEDECK_DOMID");
    const QString program = QCoreApplication::applicationName();
    qsizetype i = 0;
    for (; i < args.size() && verb.isEmpty(); ++i) {
        const QString &arg = args[i];
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            wantHelp = true;
        } else if (arg == QLatin1String("--json")) {
            options.json = true;
        } else if (kValueOptions.contains(arg)) {
            if (i + 1 >= args.size()) {
                err << program << ": " << arg << " needs a value\n" << generalUsage(true);
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
                err << program << ": not a domid: " << value << "\n";
                return Usage;
            }
        } else if (arg.startsWith(QLatin1String("--"))) {
            err << program << ": unknown option " << arg << "\n" << generalUsage(true);
            return Usage;
        } else {
            verb = arg;
        }
    }
    verbArgs = args.mid(i);
    return Success;
}

std::optional<int> CommandLine::start(const QString &defaultName, bool withRemote, QTextStream &out,
                                      QTextStream &err)
{
    QStringList args = QCoreApplication::arguments();
    const QString calledAs = QFileInfo(args.value(0)).fileName();
    QCoreApplication::setApplicationName(
        calledAs == QLatin1String("gc") || calledAs == QLatin1String("clonectl") ? calledAs : defaultName);
    logging::setup({QCoreApplication::applicationName(), qEnvironmentVariable("CLONECTL_LOG_FILE"), true,
                    logging::levelFromEnvironment(spdlog::level::warn)});
    if (const int parsed = parse(args.mid(1), err); parsed != Success)
        return parsed;
    if (verb.isEmpty()) {
        (wantHelp ? out : err) << generalUsage(withRemote);
        return wantHelp ? Success : Usage;
    }
    return std::nullopt;
}

int runProgram(int argc, char *argv[], const QString &defaultName, bool withRemote, VerbRunner run)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    CommandLine line;
    if (const auto done = line.start(defaultName, withRemote, out, err))
        return *done;
    return run(line, out, err);
}

} // namespace clonedeck::cli
