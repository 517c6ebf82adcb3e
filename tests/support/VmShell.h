#pragma once

// Runs commands inside a sandbox VM of a PlatformFixture as an agent would: stock OpenSSH
// with the platform's client key, trusting exactly the VM lineage's host key (every clone
// presents its master's).
#include "PlatformFixture.h"

#include <QTemporaryDir>

namespace clonedeck::test {

class VmShell
{
public:
    explicit VmShell(const PlatformFixture &platform);

    struct Address
    {
        QString host;
        quint16 port = 0;
    };
    // Where the domain's SSH answers, from `clonectl --json domains`; empty host if unknown.
    Address address(int domid) const;
    CommandResult run(int domid, const QString &command, const QByteArray &input = {},
                      int timeoutMs = 60000) const;
    // ssh's arguments to run `command` in the domain (for a QProcess the test drives itself);
    // empty if the domain is unknown.
    QStringList sshArguments(int domid, const QString &command) const;

private:
    const PlatformFixture &m_platform;
    QTemporaryDir m_home;
    QString m_knownHosts;
};

} // namespace clonedeck::test
