// clonedeckd: the embedded platform. Starts Debian's xenstored under the
// hypervisor stub in a private run directory, hosts sandbox VMs, and serves the
// control plane; prints XENSTORED_PATH=<socket> once ready.
#include "EmbeddedPlatform.h"
#include "Log.h"
#include "SignalWatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

#include <csignal>
#include <unistd.h>

using namespace clonedeck;

namespace {

// Somewhere only this user can have made: the per-user runtime directory, else the home
// directory (where the console's embedded platform lives too). A name in /tmp is the last
// resort; anyone could create it first, so clonedeckd then refuses it unless it is private.
QString defaultRunDir()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty())
        return runtime + QStringLiteral("/clonedeck");
    const QString home = qEnvironmentVariable("HOME");
    if (home.startsWith(QLatin1Char('/')) && home != QLatin1String("/"))
        return home + QStringLiteral("/.local/state/clonedeck");
    return QDir::tempPath() + QStringLiteral("/clonedeck-%1").arg(::getuid());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("clonedeckd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CLONEDECK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The embedded Clonedeck platform: a real xenstored without Xen, a control plane for tickets and "
        "clones,\n"
        "and sandbox VMs reachable over SSH on loopback addresses. Prints XENSTORED_PATH=<socket> when "
        "ready;\n"
        "stops cleanly on SIGINT/SIGTERM. Sandbox VMs are processes on this host, each confined to its own\n"
        "directory (docs/security.md); they are not a boundary against the host's kernel."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption runDir(
        QStringLiteral("run-dir"), QStringLiteral("Private run directory (default %1).").arg(defaultRunDir()),
        QStringLiteral("DIR"), defaultRunDir());
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("INI file with [platform], [host:NAME], [cluster:NAME]."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption hosts(
        QStringLiteral("hosts"),
        QStringLiteral("Hosts as name:vcpus:memory_mb[,...] (default host1:16:32768)."),
        QStringLiteral("SPEC"));
    const QCommandLineOption addressBase(
        QStringLiteral("address-base"),
        QStringLiteral("The /16 of 127.0.0.0/8 for VMs (default 127.77.0.0)."), QStringLiteral("ADDRESS"));
    const QCommandLineOption sshPort(QStringLiteral("ssh-port"),
                                     QStringLiteral("SSH port tried first for each VM (default 22)."),
                                     QStringLiteral("PORT"));
    const QCommandLineOption fallbackPort(
        QStringLiteral("fallback-ssh-port"),
        QStringLiteral("SSH port when the first cannot be bound (default 2222)."), QStringLiteral("PORT"));
    const QCommandLineOption ticketTtl(QStringLiteral("ticket-ttl-ms"),
                                       QStringLiteral("An unused grant expires after this (default 300000)."),
                                       QStringLiteral("MS"));
    const QCommandLineOption logFile(QStringLiteral("log-file"), QStringLiteral("Also log to this file."),
                                     QStringLiteral("FILE"));
    parser.addOptions({runDir, config, hosts, addressBase, sshPort, fallbackPort, ticketTtl, logFile});
    parser.process(app);

    logging::setup({QStringLiteral("clonedeckd"), parser.value(logFile), true,
                    logging::levelFromEnvironment(spdlog::level::info)});

    PlatformConfig platformConfig;
    if (parser.isSet(config)) {
        auto loaded = PlatformConfig::load(parser.value(config), platformConfig);
        if (!loaded) {
            QTextStream(stderr) << "clonedeckd: " << loaded.error().toString() << "\n";
            return 2;
        }
        platformConfig = *loaded;
    }
    platformConfig.runDir = QDir(parser.value(runDir)).absolutePath();
    if (parser.isSet(hosts)) {
        auto parsed = PlatformConfig::parseHosts(parser.value(hosts));
        if (!parsed) {
            QTextStream(stderr) << "clonedeckd: --hosts: " << parsed.error().toString() << "\n";
            return 2;
        }
        platformConfig.hosts = *parsed;
    }
    if (parser.isSet(addressBase))
        platformConfig.addressBase = parser.value(addressBase);
    if (parser.isSet(sshPort))
        platformConfig.preferredSshPort = quint16(parser.value(sshPort).toUInt());
    if (parser.isSet(fallbackPort))
        platformConfig.fallbackSshPort = quint16(parser.value(fallbackPort).toUInt());
    if (parser.isSet(ticketTtl))
        platformConfig.ticketTtlMs = parser.value(ticketTtl).toLongLong();

    SignalWatcher signalWatcher({SIGINT, SIGTERM});
    EmbeddedPlatform platform(platformConfig);
    if (auto started = platform.start(); !started) {
        spdlog::critical("cannot start: {}", started.error().toString());
        QTextStream(stderr) << "clonedeckd: cannot start: " << started.error().toString() << "\n";
        return 1;
    }
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, &app, [&](int signal) {
        spdlog::info("signal {}: shutting down", signal);
        platform.stop();
        app.quit();
    });
    QTextStream(stdout) << "XENSTORED_PATH=" << platform.socketPath() << Qt::endl;
    return app.exec();
}
