#include "AddressPool.h"

#include <QHostAddress>

namespace clonedeck {

AddressPool::AddressPool(const QString &base)
    : m_base(QHostAddress(base).toIPv4Address() & 0xFFFF0000u)
{}

QString AddressPool::allocate()
{
    // .0.0 is the network and .255.255 would be a broadcast on a real /16: skip both.
    for (quint32 host = 1; host < 0xFFFF; ++host) {
        if ((host & 0xFF) == 0 || (host & 0xFF) == 0xFF)
            continue;
        if (!m_used.contains(host)) {
            m_used.insert(host);
            return QHostAddress(m_base | host).toString();
        }
    }
    return {};
}

bool AddressPool::contains(const QString &address) const
{
    const QHostAddress parsed(address);
    return parsed.protocol() == QAbstractSocket::IPv4Protocol &&
           (parsed.toIPv4Address() & 0xFFFF0000u) == m_base;
}

void AddressPool::markUsed(const QString &address)
{
    if (contains(address))
        m_used.insert(QHostAddress(address).toIPv4Address() & 0xFFFFu);
}

void AddressPool::release(const QString &address)
{
    if (contains(address))
        m_used.remove(QHostAddress(address).toIPv4Address() & 0xFFFFu);
}

} // namespace clonedeck
