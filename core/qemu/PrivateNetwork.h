#pragma once

// A cluster's private network (the seed's "private network between all of the
// clones and the original machine"): every domain's address there, and its NIC's
// MAC, follow from the domain's loopback address, which the control plane hands
// out uniquely. Nothing to allocate, journal or leak: a restarted platform derives
// the same addresses again.
#include <QString>

#include <optional>

namespace clonedeck {

class PrivateNetwork
{
public:
    // "10.77.0.0/16": an IPv4 network whose prefix is 8 to 16 bits, so that the low 16 bits of every
    // loopback address of the platform's /16 fit in it.
    static std::optional<PrivateNetwork> parse(const QString &cidr);

    // The domain's address on the network: the network's prefix, the loopback address's host part.
    QString addressFor(const QString &loopbackAddress) const;
    QString addressWithPrefixFor(const QString &loopbackAddress) const; // "10.77.0.5/16"
    // A locally administered unicast MAC (52:54 + the private address's four bytes).
    QString macFor(const QString &loopbackAddress) const;
    // A known_hosts pattern matching every address of the network (whole octets), e.g. "10.77.*.*".
    QString hostPattern() const;
    int prefixLength() const { return m_prefix; }
    QString netmask() const; // "255.255.0.0"

private:
    PrivateNetwork(quint32 base, int prefix);
    quint32 hostAddress(const QString &loopbackAddress) const;

    quint32 m_base = 0;
    int m_prefix = 16;
};

} // namespace clonedeck
