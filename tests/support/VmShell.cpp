#include "VmShell.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace clonedeck::test {

VmShell::VmShell(const PlatformFixture &platform)
    : m_platform(platform)
    , m_knownHosts(m_home.path() + QStringLiteral("/known_hosts"))
{
    QFile masterKey(platform.vmDirectory(1) + QStringLiteral("/.clonedeck/ssh_host_ed25519_key.pub"));
    QFile knownHosts(m_knownHosts);
    if (masterKey.open(QIODevice::ReadOnly) && knownHosts.open(QIODevice::WriteOnly))
        knownHosts.write("clonedeck-lineage " + masterKey.readAll());
}

VmShell::Address VmShell::address(int domid) const
{
    const CommandResult listed = m_platform.clonectl({QStringLiteral("--json"), QStringLiteral("domains")});
    for (const QJsonValue &value : QJsonDocument::fromJson(listed.out).array()) {
        const QJsonObject domain = value.toObject();
        if (domain.value(QStringLiteral("domid")).toVariant().toInt() != domid)
            continue;
        const QString host = domain.value(QStringLiteral("ssh_host")).toString();
        const QString port = domain.value(QStringLiteral("ssh_port")).toVariant().toString();
        if (!host.isEmpty())
            return {host, quint16(port.toUInt())};
        return {domain.value(QStringLiteral("ip")).toString(),
                quint16(domain.value(QStringLiteral("port")).toVariant().toString().toUInt())};
    }
    return {};
}

QStringList VmShell::sshArguments(int domid, const QString &command) const
{
    const Address where = address(domid);
    if (where.host.isEmpty())
        return {};
    return {QStringLiteral("-i"), m_platform.clientKey(),
            QStringLiteral("-p"), QString::number(where.port),
            QStringLiteral("-o"), QStringLiteral("BatchMode=yes"),
            QStringLiteral("-o"), QStringLiteral("IdentitiesOnly=yes"),
            QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"),
            QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=") + m_knownHosts,
            QStringLiteral("-o"), QStringLiteral("HostKeyAlias=clonedeck-lineage"),
            QStringLiteral("-o"), QStringLiteral("ConnectTimeout=20"),
            where.host,           command};
}

CommandResult VmShell::run(int domid, const QString &command, const QByteArray &input, int timeoutMs) const
{
    const QStringList arguments = sshArguments(domid, command);
    if (arguments.isEmpty())
        return CommandResult{-1, {}, "no such domain", true};
    return m_platform.run(QStringLiteral("ssh"), arguments, m_platform.environment(), input, timeoutMs);
}

} // namespace clonedeck::test
