#pragma once

// What an embedded platform consists of: its hosts, address range, SSH ports,
// ticket lifetime and clusters. Read from an INI file (docs/protocol.md,
// "Configuration"), with defaults that make `make run` work out of the box.
#include "Error.h"

#include <QList>
#include <QMap>
#include <QString>

namespace clonedeck {

struct HostSpec
{
    QString name;
    int vcpus = 0;
    qint64 memoryMb = 0;
};

struct ClusterSpec
{
    QString name; // e.g. "default"
    int masterVcpus = 1;
    qint64 masterMemoryMb = 512;
};

struct PlatformConfig
{
    QString runDir;
    QString name = QStringLiteral("embedded");
    QList<HostSpec> hosts{{QStringLiteral("host1"), 16, 32768}};
    QList<ClusterSpec> clusters{{QStringLiteral("default"), 1, 512}};
    QString addressBase = QStringLiteral("127.77.0.0"); // a /16 inside 127.0.0.0/8
    quint16 preferredSshPort = 22;
    quint16 fallbackSshPort = 2222;
    qint64 ticketTtlMs = 300000;   // an unused grant expires after this
    int finishedTicketsKept = 200; // history shown to operators
    qint64 replyTtlMs = 600000;    // replies nobody picked up are removed after this
    int maxPendingPerDomain = 8;
    int usageIntervalMs = 1000; // how often each domain's resource usage is sampled (UsagePublisher)
    QString backend = QStringLiteral("sandbox"); // the VM backend, by its registered name
    QString store = QStringLiteral("sqlite");    // "sqlite" (<runDir>/platform.db) or "journal"
    // Every other INI group's keys, by group name: a backend reads its own ([qemu] for "qemu").
    QMap<QString, QMap<QString, QString>> backendSettings;
    // How sandbox VMs are confined (SandboxConfinement): auto, uid, namespaces or none; and the
    // first of the uids that confinement by uid gives VMs (uid = base + domid).
    QString vmConfinement = QStringLiteral("auto");
    quint32 vmUidBase = 0x70000000;
    // OpenSSH public keys (authorized_keys format) that every sandbox VM accepts besides the
    // platform's client key: operators' own keys, for `clonectl --connect ssh://... launch`
    // (docs/remote-hosts.md). Absolute; empty: none. Validated at start, re-read at each login.
    QString operatorKeysFile;

    // Reads [platform], [host:NAME] and [cluster:NAME] groups; absent keys keep defaults.
    static Result<PlatformConfig> load(const QString &path, PlatformConfig defaults);
    // "name:vcpus:memory_mb[,name:vcpus:memory_mb...]"
    static Result<QList<HostSpec>> parseHosts(const QString &text);
    Status validate() const;
};

} // namespace clonedeck
