#include "PolicyCommand.h"

#include "AgentSessionManager.h"
#include "ClusterMirror.h"
#include "ExitCode.h"
#include "HostKeyPolicyRegistry.h"
#include "Log.h"
#include "PlatformGateway.h"
#include "PolicyEngine.h"
#include "PolicyStore.h"
#include "SignalWatcher.h"
#include "UnixSocketTransport.h"
#include "XenstoreConnection.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include <csignal>

namespace clonedeck::cli {

QString policyUsage()
{
    return QStringLiteral(
        "Usage: clonectl policy run --cluster CLUSTER [--config FILE.json] [--store FILE] [--dry-run]\n"
        "       clonectl policy show [--cluster CLUSTER] [--store FILE]\n\n"
        "run: the elastic policy engine, headless: grows the cluster when demand exceeds running agents\n"
        "for the in-demand delay, shrinks it when agents stay idle, reaps orphans. Decisions are printed\n"
        "one per line on stdout as they are made. Without --config the stored policy of the cluster is "
        "used.\n"
        "SIGINT/SIGTERM stop every agent it started and tear their clones down.\n"
        "show: the policies stored for the console (JSON).\n");
}

namespace {

int show(const QString &cluster, const QString &storePath)
{
    QTextStream out(stdout);
    PolicyStore store(storePath);
    const auto all = store.loadAll();
    int shown = 0;
    for (auto it = all.begin(); it != all.end(); ++it) {
        if (!cluster.isEmpty() && it.key() != cluster)
            continue;
        ++shown;
        if (it.value())
            out << it.key() << ": " << QJsonDocument(it.value()->toJson()).toJson(QJsonDocument::Compact)
                << "\n";
        else
            out << it.key() << ": invalid (" << it.value().error().toString() << ")\n";
    }
    if (shown == 0) {
        QTextStream(stderr) << "clonectl policy show: no stored policy"
                            << (cluster.isEmpty() ? QString() : QStringLiteral(" for ") + cluster) << " in "
                            << store.path() << "\n";
        return NotFound;
    }
    return Success;
}

} // namespace

int runPolicy(const QStringList &args, const GlobalOptions &options)
{
    QTextStream err(stderr);
    const QString action = args.value(0);
    QString cluster;
    QString configFile;
    QString storePath;
    bool dryRun = false;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (arg == QLatin1String("--dry-run")) {
            dryRun = true;
        } else if ((arg == QLatin1String("--cluster") || arg == QLatin1String("--config") ||
                    arg == QLatin1String("--store")) &&
                   i + 1 < args.size()) {
            (arg == QLatin1String("--cluster")  ? cluster
             : arg == QLatin1String("--config") ? configFile
                                                : storePath) = args[++i];
        } else {
            err << "clonectl policy: unexpected argument " << arg << "\n" << policyUsage();
            return Usage;
        }
    }
    if (action == QLatin1String("show"))
        return show(cluster, storePath);
    if (action != QLatin1String("run") || cluster.isEmpty()) {
        err << policyUsage();
        return Usage;
    }
    Result<PolicyConfig> config = Error{ENOENT, {}, {}};
    if (!configFile.isEmpty()) {
        QFile file(configFile);
        config = file.open(QIODevice::ReadOnly)
                     ? PolicyConfig::fromJsonBytes(file.readAll())
                     : Result<PolicyConfig>(Error{ENOENT, configFile, QStringLiteral("cannot read")});
    } else {
        config = PolicyStore(storePath).load(cluster);
    }
    if (!config) {
        err << "clonectl policy: " << config.error().toString() << "\n";
        return config.error().code == ENOENT ? NotFound : Usage;
    }
    PolicyConfig policy = *config;
    policy.cluster = cluster;
    policy.dryRun = policy.dryRun || dryRun;

    HostKeyPolicyRegistry hostKeyPolicies;
    auto hostKeys = hostKeyPolicies.policy(policy.profile.hostKeyPolicy);
    if (!hostKeys) {
        err << "clonectl policy: " << hostKeys.error().toString() << "\n";
        return Usage;
    }
    // One connection to the platform, as the console has: the mirror and every launch run on it.
    PlatformGateway gateway;
    ClusterMirror mirror(&gateway);
    AgentSessionManager sessions(*hostKeys);
    std::unique_ptr<PolicyEngine> engine;
    QTextStream out(stdout);
    SignalWatcher signalWatcher({SIGINT, SIGTERM});
    int exitCode = Success;
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, [&](int signal) {
        exitCode = 128 + signal;
        if (!engine)
            return QCoreApplication::exit(exitCode);
        engine->stop();
        // Leave once every agent it started has been torn down.
        QObject::connect(engine.get(), &PolicyEngine::changed, [&] {
            if (engine->active() == 0)
                QCoreApplication::exit(exitCode);
        });
        if (engine->active() == 0)
            QCoreApplication::exit(exitCode);
    });
    // A platform that cannot be reached at all is an answer; one lost later is waited for.
    QObject::connect(&gateway, &PlatformGateway::stateChanged, [&](ConnectionState state) {
        if (state != ConnectionState::Disconnected || engine)
            return;
        err << "clonectl policy: cannot reach the platform at " << gateway.uri() << "\n";
        exitCode = Unreachable;
        QCoreApplication::exit(exitCode);
    });
    // Once the cluster is known, so is the key the platform installed in its masters.
    QObject::connect(&mirror, &ClusterMirror::loaded, [&] {
        const QString key = mirror.platform() ? mirror.platform()->clientKey : QString();
        engine = std::make_unique<PolicyEngine>(
            policy, LaunchServices{&gateway, &sessions, &hostKeyPolicies, &mirror, options.clonesVia},
            QFile::exists(key) ? key : QString(), makeDemandSource(policy));
        QObject::connect(engine.get(), &PolicyEngine::decided,
                         [&out](const PolicyDecision &decision) { out << decision.toString() << Qt::endl; });
        engine->start();
    });
    gateway.open(std::make_unique<UnixSocketTransport>(
        options.socketPath.isEmpty() ? XenstoreConnection::defaultSocketPath() : options.socketPath));
    mirror.start();
    QCoreApplication::exec();
    return exitCode;
}

} // namespace clonedeck::cli
