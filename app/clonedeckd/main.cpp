// clonedeckd: the embedded platform. Starts Debian's xenstored under the
// hypervisor stub in a private run directory, hosts VMs (sandbox VMs unless
// another backend is chosen), and serves the control plane; prints
// XENSTORED_PATH=<socket> once every VM is resumed or created and requests are served.
#include "EmbeddedPlatform.h"
#include "Log.h"
#include "OpenFileLimit.h"
#include "SignalWatcher.h"
#include "VmBackends.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
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

// Options that override one setting of the configuration file: name, value name, help, and how.
struct Override
{
    const char *name;
    const char *valueName;
    const char *help;
    void (*apply)(PlatformConfig &config, const QString &value);
};

const Override kOverrides[] = {
    {"address-base", "ADDRESS", "The /16 of 127.0.0.0/8 for VMs (default 127.77.0.0).",
     [](PlatformConfig &c, const QString &v) { c.addressBase = v; }},
    {"ssh-port", "PORT", "SSH port tried first for each VM (default 22).",
     [](PlatformConfig &c, const QString &v) { c.preferredSshPort = quint16(v.toUInt()); }},
    {"fallback-ssh-port", "PORT", "SSH port when the first cannot be bound (default 2222).",
     [](PlatformConfig &c, const QString &v) { c.fallbackSshPort = quint16(v.toUInt()); }},
    {"ticket-ttl-ms", "MS", "An unused grant expires after this (default 300000).",
     [](PlatformConfig &c, const QString &v) { c.ticketTtlMs = v.toLongLong(); }},
    {"backend", "NAME", "What runs the VMs, by name (default sandbox; the list is above).",
     [](PlatformConfig &c, const QString &v) { c.backend = v; }},
    {"store", "KIND",
     "Where the platform's state is kept: sqlite (default, <run-dir>/platform.db) or journal (the line "
     "journal of earlier versions, for comparison).",
     [](PlatformConfig &c, const QString &v) { c.store = v; }},
    {"operator-keys", "FILE",
     "OpenSSH public keys (authorized_keys format, no key options) that every sandbox VM accepts besides the "
     "platform's own client key: operators' keys, for `clonectl --connect ssh://... launch`. Read again at "
     "each login to a VM, so a key removed from the file stops working for the next session.",
     [](PlatformConfig &c, const QString &v) { c.operatorKeysFile = QFileInfo(v).absoluteFilePath(); }},
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("clonedeckd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CLONEDECK_VERSION));
    const VmBackendRegistry backends = availableVmBackends();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral(
            "The embedded Clonedeck platform: a real xenstored without Xen, a control plane for "
            "tickets and clones,\nand VMs (backends: %1) reachable over SSH on loopback addresses. "
            "Prints XENSTORED_PATH=<socket> when ready;\nstops cleanly on SIGINT/SIGTERM. Sandbox "
            "VMs are processes on this host, each confined to its own\ndirectory (docs/security.md); "
            "they are not a boundary against the host's kernel.")
            .arg(backends.names().join(QStringLiteral(", "))));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption runDir(
        QStringLiteral("run-dir"), QStringLiteral("Private run directory (default %1).").arg(defaultRunDir()),
        QStringLiteral("DIR"), defaultRunDir());
    const QCommandLineOption config(
        QStringLiteral("config"),
        QStringLiteral("INI file with [platform], [host:NAME], [cluster:NAME] and "
                       "a group per VM backend."),
        QStringLiteral("FILE"));
    const QCommandLineOption hosts(
        QStringLiteral("hosts"),
        QStringLiteral("Hosts as name:vcpus:memory_mb[,...] (default host1:16:32768)."),
        QStringLiteral("SPEC"));
    const QCommandLineOption logFile(QStringLiteral("log-file"), QStringLiteral("Also log to this file."),
                                     QStringLiteral("FILE"));
    parser.addOptions({runDir, config, hosts, logFile});
    for (const Override &option : kOverrides) {
        parser.addOption(QCommandLineOption(QLatin1String(option.name), QString::fromUtf8(option.help),
                                            QLatin1String(option.valueName)));
    }
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
    for (const Override &option : kOverrides) {
        if (parser.isSet(QLatin1String(option.name)))
            option.apply(platformConfig, parser.value(QLatin1String(option.name)));
    }

    raiseOpenFileLimit();
    SignalWatcher signalWatcher({SIGINT, SIGTERM});
    EmbeddedPlatform platform(platformConfig, backends);
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
    QObject::connect(&platform, &EmbeddedPlatform::ready, &app, [&platform] {
        QTextStream(stdout) << "XENSTORED_PATH=" << platform.socketPath() << Qt::endl;
    });
    return app.exec();
}
