#pragma once

// Hands out loopback addresses of the platform's /16 to domains, lowest free
// first, so addresses are reused by later clones as on a real cluster network.
#include <QSet>
#include <QString>

namespace clonedeck {

class AddressPool
{
public:
    explicit AddressPool(const QString &base); // e.g. 127.77.0.0
    QString allocate();                        // empty when exhausted
    void markUsed(const QString &address);
    void release(const QString &address);
    bool contains(const QString &address) const; // inside this pool's range

private:
    quint32 m_base = 0;
    QSet<quint32> m_used;
};

} // namespace clonedeck
