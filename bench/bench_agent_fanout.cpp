// Agent fan-out: 200 concurrent agent sessions on one I/O thread against the
// sandbox VMs of a real clonedeckd, until every agent has printed its first
// line; peer in the same run: 200 OpenSSH `ssh` processes for the same commands.
// Also this process's RSS with 200 sessions live.
#include "AgentSessionManager.h"
#include "BenchSupport.h"
#include "HostKeyPolicies.h"
#include "PlatformClient.h"
#include "PlatformFixture.h"
#include "XenstoreConnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>
#include <vector>

using namespace clonedeck;
using namespace clonedeck::bench;
using namespace clonedeck::test;

namespace {
const QString kCommand = QStringLiteral("echo ready; exec sleep 60");
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int sessions = argc > 1 ? QString::fromLatin1(argv[1]).toInt() : 200;
    PlatformFixture platform;
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:1024:4194304");
    if (const QString error = platform.start(options); !error.isEmpty()) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    auto connection = XenstoreConnection::open(platform.socketPath());
    if (!connection)
        return 1;
    PlatformClient master(**connection, 1);
    const auto grant = master.requestTicket(sessions, 1, 16, 0);
    if (!grant || !master.clone(grant->ticket))
        return 1;
    const auto details = master.ticketDetails(grant->ticket);
    QTemporaryDir dir;
    auto policy = makeHostKeyPolicy(QStringLiteral("lineage"), {dir.path() + QStringLiteral("/pins.ini"), {}});

    // Pin the lineage from the master once, as the launcher pipeline does.
    auto masterInfo = master.domain(1);
    AgentSessionManager manager(*policy);
    AgentLaunchOptions launchOptions;
    launchOptions.command = kCommand;
    launchOptions.identityFiles = {platform.clientKey()};
    launchOptions.useSshAgent = false;
    launchOptions.useSshConfig = false;
    launchOptions.launchTimeoutMs = 60000;
    auto targetOf = [&](const DomainInfo &domain) {
        return AgentTarget{domain.cluster, 1, domain.domid, domain.ip, quint16(domain.sshPort),
                           qEnvironmentVariable("USER", QStringLiteral("root"))};
    };
    {
        QEventLoop loop;
        QObject::connect(&manager, &AgentSessionManager::probeFinished, &loop, &QEventLoop::quit);
        manager.probe(targetOf(*masterInfo), launchOptions);
        loop.exec();
    }

    // libssh sessions on one thread.
    QSet<AgentSessionId> waiting;
    QElapsedTimer timer;
    timer.start();
    QEventLoop loop;
    QObject::connect(&manager, &AgentSessionManager::lineReceived, &loop,
                     [&](AgentSessionId id, AgentStream, const QString &line) {
                         if (line == QLatin1String("ready") && waiting.remove(id) && waiting.isEmpty())
                             loop.quit();
                     });
    QObject::connect(&manager, &AgentSessionManager::failed, &loop, [&](AgentSessionId, const Error &error) {
        qWarning("session failed: %s", qPrintable(error.toString()));
        loop.quit();
    });
    for (const DomainInfo &clone : details->clones) {
        if (auto id = manager.launch(targetOf(clone), launchOptions))
            waiting.insert(*id);
    }
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    const double libsshMs = timer.nsecsElapsed() / 1e6;
    const double rss = residentMegabytes();
    const int libsshMissing = int(waiting.size());

    // OpenSSH peer: one process per agent.
    const QString knownHosts = dir.path() + QStringLiteral("/known_hosts");
    {
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-y"), QStringLiteral("-f"),
                                                    platform.vmDirectory(1) + QStringLiteral("/.clonedeck/ssh_host_ed25519_key")});
        keygen.waitForFinished();
        QFile file(knownHosts);
        file.open(QIODevice::WriteOnly);
        file.write("clonedeck-master " + keygen.readAllStandardOutput());
    }
    std::vector<std::unique_ptr<QProcess>> processes;
    int ready = 0;
    QEventLoop sshLoop;
    timer.restart();
    for (const DomainInfo &clone : details->clones) {
        auto process = std::make_unique<QProcess>();
        QProcess *raw = process.get();
        QObject::connect(raw, &QProcess::readyReadStandardOutput, &sshLoop, [&, raw] {
            if (raw->readAllStandardOutput().contains("ready") && ++ready == int(details->clones.size()))
                sshLoop.quit();
        });
        raw->start(QStringLiteral("ssh"), {QStringLiteral("-i"), platform.clientKey(), QStringLiteral("-p"), QString::number(clone.sshPort),
                                           QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), QStringLiteral("-o"), QStringLiteral("IdentitiesOnly=yes"),
                                           QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=") + knownHosts,
                                           QStringLiteral("-o"), QStringLiteral("HostKeyAlias=clonedeck-master"),
                                           QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"), clone.ip, kCommand});
        processes.push_back(std::move(process));
    }
    QTimer::singleShot(120000, &sshLoop, &QEventLoop::quit);
    sshLoop.exec();
    const double opensshMs = timer.nsecsElapsed() / 1e6;

    figure(QStringLiteral("agent_fanout_%1_libssh_all_running").arg(sessions), libsshMs, QStringLiteral("ms"));
    figure(QStringLiteral("agent_fanout_%1_openssh_processes_all_running").arg(sessions), opensshMs, QStringLiteral("ms"));
    figure(QStringLiteral("agent_fanout_%1_speedup_vs_openssh").arg(sessions), opensshMs / libsshMs, QStringLiteral("x"));
    figure(QStringLiteral("agent_fanout_%1_rss").arg(sessions), rss, QStringLiteral("MB"));
    if (libsshMissing > 0 || ready < int(details->clones.size()))
        qWarning("incomplete: %d libssh and %d ssh agents never became ready", libsshMissing,
                 int(details->clones.size()) - ready);
    for (auto &process : processes)
        process->kill();
    for (auto &process : processes)
        process->waitForFinished(5000);
    master.killTicket(grant->ticket);
    return 0;
}
