#include "PrivateNetwork.h"

#include <QHostAddress>
#include <QStringList>

namespace clonedeck {

PrivateNetwork::PrivateNetwork(quint32 base, int prefix)
    : m_base(base)
    , m_prefix(prefix)
{}

std::optional<PrivateNetwork> PrivateNetwork::parse(const QString &cidr)
{
    const QStringList parts = cidr.split(QLatin1Char('/'));
    if (parts.size() != 2)
        return std::nullopt;
    bool ok = false;
    const int prefix = parts[1].toInt(&ok);
    QHostAddress address;
    if (!ok || prefix < 8 || prefix > 16 || !address.setAddress(parts[0]) ||
        address.protocol() != QHostAddress::IPv4Protocol)
        return std::nullopt;
    const quint32 mask = ~quint32(0) << (32 - prefix);
    return PrivateNetwork(address.toIPv4Address() & mask, prefix);
}

quint32 PrivateNetwork::hostAddress(const QString &loopbackAddress) const
{
    return m_base | (QHostAddress(loopbackAddress).toIPv4Address() & 0xffffu);
}

QString PrivateNetwork::addressFor(const QString &loopbackAddress) const
{
    return QHostAddress(hostAddress(loopbackAddress)).toString();
}

QString PrivateNetwork::addressWithPrefixFor(const QString &loopbackAddress) const
{
    return addressFor(loopbackAddress) + QLatin1Char('/') + QString::number(m_prefix);
}

QString PrivateNetwork::macFor(const QString &loopbackAddress) const
{
    const quint32 ip = hostAddress(loopbackAddress);
    return QStringLiteral("52:54:%1:%2:%3:%4")
        .arg(ip >> 24, 2, 16, QLatin1Char('0'))
        .arg((ip >> 16) & 0xff, 2, 16, QLatin1Char('0'))
        .arg((ip >> 8) & 0xff, 2, 16, QLatin1Char('0'))
        .arg(ip & 0xff, 2, 16, QLatin1Char('0'));
}

QString PrivateNetwork::netmask() const
{
    return QHostAddress(~quint32(0) << (32 - m_prefix)).toString();
}

QString PrivateNetwork::hostPattern() const
{
    QStringList octets;
    for (int i = 0; i < 4; ++i)
        octets.append(i < m_prefix / 8 ? QString::number((m_base >> (24 - 8 * i)) & 0xff)
                                       : QStringLiteral("*"));
    return octets.join(QLatin1Char('.'));
}

} // namespace clonedeck
