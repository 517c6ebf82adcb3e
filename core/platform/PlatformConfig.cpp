#include "PlatformConfig.h"

#include "AuthorizedKeys.h"
#include "ProtocolPaths.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QSettings>

namespace clonedeck {

namespace {
Error configError(const QString &what, const QString &message)
{
    return Error{EINVAL, what, message};
}
} // namespace

Result<QList<HostSpec>> PlatformConfig::parseHosts(const QString &text)
{
    QList<HostSpec> hosts;
    for (const QString &item : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList parts = item.trimmed().split(QLatin1Char(':'));
        bool vcpusOk = false;
        bool memoryOk = false;
        if (parts.size() != 3)
            return configError(item, QStringLiteral("a host is name:vcpus:memory_mb"));
        HostSpec host{parts[0], parts[1].toInt(&vcpusOk), parts[2].toLongLong(&memoryOk)};
        if (!vcpusOk || !memoryOk)
            return configError(item, QStringLiteral("vcpus and memory must be numbers"));
        hosts.append(host);
    }
    return hosts;
}

Result<PlatformConfig> PlatformConfig::load(const QString &path, PlatformConfig config)
{
    if (!QFileInfo::exists(path))
        return Error{ENOENT, path, QStringLiteral("configuration file not found")};
    QSettings ini(path, QSettings::IniFormat);
    if (ini.status() != QSettings::NoError)
        return configError(path, QStringLiteral("cannot parse the configuration file"));

    ini.beginGroup(QStringLiteral("platform"));
    config.name = ini.value(QStringLiteral("name"), config.name).toString();
    config.addressBase = ini.value(QStringLiteral("address_base"), config.addressBase).toString();
    config.preferredSshPort =
        quint16(ini.value(QStringLiteral("ssh_port"), config.preferredSshPort).toUInt());
    config.fallbackSshPort =
        quint16(ini.value(QStringLiteral("fallback_ssh_port"), config.fallbackSshPort).toUInt());
    config.ticketTtlMs = ini.value(QStringLiteral("ticket_ttl_ms"), config.ticketTtlMs).toLongLong();
    config.backend = ini.value(QStringLiteral("backend"), config.backend).toString();
    config.store = ini.value(QStringLiteral("store"), config.store).toString();
    config.vmConfinement = ini.value(QStringLiteral("vm_confinement"), config.vmConfinement).toString();
    config.vmUidBase = ini.value(QStringLiteral("vm_uid_base"), config.vmUidBase).toUInt();
    if (const QString keys = ini.value(QStringLiteral("operator_keys")).toString(); !keys.isEmpty())
        config.operatorKeysFile = QFileInfo(path).absoluteDir().absoluteFilePath(keys); // beside the file
    ini.endGroup();

    QList<HostSpec> hosts;
    QList<ClusterSpec> clusters;
    for (const QString &group : ini.childGroups()) {
        ini.beginGroup(group);
        if (group.startsWith(QLatin1String("host:"))) {
            hosts.append({group.mid(5), ini.value(QStringLiteral("vcpus")).toInt(),
                          ini.value(QStringLiteral("memory_mb")).toLongLong()});
        } else if (group.startsWith(QLatin1String("cluster:"))) {
            clusters.append({group.mid(8), ini.value(QStringLiteral("master_vcpus"), 1).toInt(),
                             ini.value(QStringLiteral("master_memory_mb"), 512).toLongLong()});
        } else if (group != QLatin1String("platform")) {
            for (const QString &key : ini.childKeys())
                config.backendSettings[group].insert(key, ini.value(key).toString());
        }
        ini.endGroup();
    }
    if (!hosts.isEmpty())
        config.hosts = hosts;
    if (!clusters.isEmpty())
        config.clusters = clusters;
    if (auto valid = config.validate(); !valid)
        return valid.error();
    return config;
}

Status PlatformConfig::validate() const
{
    if (hosts.isEmpty())
        return configError(QStringLiteral("hosts"), QStringLiteral("at least one host is needed"));
    for (const HostSpec &host : hosts) {
        if (!protocol::isValidHostName(host.name))
            return configError(host.name, QStringLiteral("host names are [a-z0-9-], up to 32 characters"));
        if (host.vcpus <= 0 || host.memoryMb <= 0)
            return configError(host.name, QStringLiteral("a host needs vcpus and memory above zero"));
    }
    if (clusters.isEmpty())
        return configError(QStringLiteral("clusters"), QStringLiteral("at least one cluster is needed"));
    for (const ClusterSpec &cluster : clusters) {
        if (!protocol::isValidHostName(cluster.name))
            return configError(cluster.name,
                               QStringLiteral("cluster names are [a-z0-9-], up to 32 characters"));
    }
    const QHostAddress base(addressBase);
    if (base.protocol() != QAbstractSocket::IPv4Protocol || !base.isInSubnet(QHostAddress::LocalHost, 8) ||
        (base.toIPv4Address() & 0xFFFF) != 0 || ((base.toIPv4Address() >> 16) & 0xFF) == 0)
        return configError(addressBase, QStringLiteral("the address base must be a /16 inside 127.0.0.0/8 "
                                                       "other than 127.0.0.0/16, e.g. 127.77.0.0"));
    if (store != QLatin1String("sqlite") && store != QLatin1String("journal"))
        return configError(store, QStringLiteral("the store is sqlite or journal"));
    if (ticketTtlMs <= 0)
        return configError(QStringLiteral("ticket_ttl_ms"), QStringLiteral("must be positive"));
    if (!operatorKeysFile.isEmpty()) {
        if (auto keys = AuthorizedKeys::load(operatorKeysFile); !keys)
            return keys.error();
    }
    return Done{};
}

} // namespace clonedeck
