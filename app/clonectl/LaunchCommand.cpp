#include "LaunchCommand.h"

#include "AgentSessionManager.h"
#include "AgentStreams.h"
#include "ExitCode.h"
#include "HostKeyPolicyRegistry.h"
#include "LaunchPipeline.h"
#include "Log.h"
#include "PlatformGateway.h"
#include "SignalWatcher.h"
#include "XenstoreConnection.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <csignal>

namespace clonedeck::cli {

namespace {

// The agent command goes to the remote shell as one string: quote every word.
QString shellQuote(const QStringList &words)
{
    QStringList quoted;
    for (const QString &word : words) {
        QString escaped = word;
        escaped.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
        quoted.append(QLatin1Char('\'') + escaped + QLatin1Char('\''));
    }
    return quoted.join(QLatin1Char(' '));
}

} // namespace

QString launchUsage()
{
    return QStringLiteral(
        "Usage: clonectl [--domain MASTER] launch [--count N] [--vcpus V] [--memory MB] [--timeout MS]\n"
        "                [--host-key-policy lineage|known-hosts|trust-on-first-use|insecure] [--pins FILE]\n"
        "                [--identity FILE] [--user USER] [--launch-timeout MS] [--teardown join|kill]\n"
        "                [--profile FILE.json] [--log-file FILE] -- AGENT COMMAND...\n\n"
        "Request a ticket, clone, wait until the clone's SSH answers, run AGENT COMMAND there with\n"
        "its stdin/stdout wired to clonectl's, and on its exit join the clone and release the ticket.\n"
        "For a CI server's \"launch agent via command\". Logs go to stderr (or --log-file), never to\n"
        "stdout. Exits with the agent's status; SIGINT/SIGTERM tear everything down first.\n");
}

int runLaunch(const QStringList &args, const GlobalOptions &options)
{
    QTextStream err(stderr);
    LaunchProfile profile;
    HostKeyPolicySettings policySettings;
    QString logFile;
    QStringList command;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (arg == QLatin1String("--")) {
            command = args.mid(i + 1);
            break;
        }
        if (i + 1 >= args.size()) {
            err << "clonectl launch: " << arg << " needs a value\n" << launchUsage();
            return Usage;
        }
        const QString value = args[++i];
        bool ok = true;
        if (arg == QLatin1String("--count"))
            profile.count = value.toInt(&ok);
        else if (arg == QLatin1String("--vcpus"))
            profile.vcpus = value.toInt(&ok);
        else if (arg == QLatin1String("--memory"))
            profile.memoryMb = value.toLongLong(&ok);
        else if (arg == QLatin1String("--timeout"))
            profile.ticketTimeoutMs = value.toLongLong(&ok);
        else if (arg == QLatin1String("--launch-timeout"))
            profile.launchTimeoutMs = value.toInt(&ok);
        else if (arg == QLatin1String("--host-key-policy"))
            profile.hostKeyPolicy = value;
        else if (arg == QLatin1String("--pins"))
            policySettings.pinFile = value;
        else if (arg == QLatin1String("--identity"))
            profile.identityFiles.append(value);
        else if (arg == QLatin1String("--user"))
            profile.user = value;
        else if (arg == QLatin1String("--log-file"))
            logFile = value;
        else if (arg == QLatin1String("--teardown")) {
            ok = value == QLatin1String("join") || value == QLatin1String("kill");
            profile.teardown = value == QLatin1String("kill") ? LaunchProfile::Teardown::Kill
                                                              : LaunchProfile::Teardown::Join;
        } else if (arg == QLatin1String("--profile")) {
            QFile file(value);
            auto loaded = file.open(QIODevice::ReadOnly)
                              ? LaunchProfile::fromJsonBytes(file.readAll())
                              : Result<LaunchProfile>(Error{ENOENT, value, QStringLiteral("cannot read")});
            if (!loaded) {
                err << "clonectl launch: " << loaded.error().toString() << "\n";
                return Usage;
            }
            profile = *loaded;
        } else {
            err << "clonectl launch: unknown option " << arg << "\n" << launchUsage();
            return Usage;
        }
        if (!ok) {
            err << "clonectl launch: bad value for " << arg << ": " << value << "\n";
            return Usage;
        }
    }
    if (!command.isEmpty())
        profile.command = shellQuote(command);
    else if (profile.command.isEmpty() || !args.contains(QStringLiteral("--profile"))) {
        err << "clonectl launch: no agent command after --\n" << launchUsage();
        return Usage;
    }
    if (auto valid = profile.validate(); !valid) {
        err << "clonectl launch: " << valid.error().toString() << "\n";
        return Usage;
    }
    if (!logFile.isEmpty())
        logging::setup(
            {QStringLiteral("clonectl"), logFile, false, logging::levelFromEnvironment(spdlog::level::info)});

    HostKeyPolicyRegistry hostKeyPolicies(policySettings);
    auto policy = hostKeyPolicies.policy(profile.hostKeyPolicy);
    if (!policy) {
        err << "clonectl launch: " << policy.error().toString() << "\n";
        return Usage;
    }
    // One connection to the platform, as the console has; the key it installed in its masters
    // comes with its record (the pipeline reads it).
    PlatformGateway gateway;
    gateway.open(options.socketPath.isEmpty() ? XenstoreConnection::defaultSocketPath() : options.socketPath);
    bool unreachable = false;
    QObject::connect(&gateway, &PlatformGateway::stateChanged, [&](ConnectionState state) {
        if (state != ConnectionState::Disconnected) // never reached: an answer, not a wait
            return;
        err << "clonectl launch: cannot reach the platform at " << gateway.uri() << Qt::endl;
        unreachable = true;
        QCoreApplication::exit(Unreachable);
    });

    AgentSessionManager sessions(*policy);
    LaunchPipeline pipeline(LaunchServices{&gateway, &sessions, &hostKeyPolicies, nullptr, options.clonesVia},
                            LaunchPipeline::Endpoint{options.domid, {}}, profile);
    // Our stdin/stdout/stderr are the agent's, with flow control both ways.
    AgentStreams streams(&sessions, &pipeline);
    int exitCode = Failure;
    int signalled = 0; // a signal's 128 + N wins over whatever the teardown reports
    QObject::connect(
        &pipeline, &LaunchPipeline::finished, [&](bool succeeded, int agentExit, const QString &error) {
            if (signalled != 0)
                exitCode = 128 + signalled;
            else if (agentExit >= 0)
                exitCode = agentExit;
            else if (!succeeded)
                exitCode = error.contains(QLatin1String("EBUSY")) ? Busy : Failure;
            if (!error.isEmpty())
                QTextStream(stderr) << "clonectl launch: " << error << Qt::endl;
            if (error.contains(QLatin1String("authentication refused")))
                QTextStream(stderr) << "  A clone accepts its platform's client key and the keys in its "
                                       "clonedeckd's --operator-keys file; give one with --identity FILE.\n";
            // The agent's last output may still wait for our reader; a signal does not wait.
            if (signalled != 0 || streams.isDrained())
                QCoreApplication::exit(exitCode);
            else
                QObject::connect(&streams, &AgentStreams::drained, [&] { QCoreApplication::exit(exitCode); });
        });
    // Whoever reads our stdout went away: as a shell pipeline would, end with SIGPIPE's status,
    // but tear down first.
    std::signal(SIGPIPE, SIG_IGN);
    QObject::connect(&streams, &AgentStreams::stdoutClosed, [&](const QString &reason) {
        spdlog::warn("stdout: {}: stopping the agent", reason);
        signalled = SIGPIPE;
        pipeline.cancel();
    });
    SignalWatcher signalWatcher({SIGINT, SIGTERM});
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, [&](int signal) {
        spdlog::warn("signal {}: tearing down", signal);
        signalled = signal;
        pipeline.cancel();
    });
    pipeline.start(false);
    const int result = QCoreApplication::exec();
    if (unreachable)
        return Unreachable;
    return exitCode == Failure ? result : exitCode;
}

} // namespace clonedeck::cli
