#pragma once

// Several hosts on one machine, for tests of remote platforms (issue 14): each "host" is a
// real clonedeckd (its own run directory and its own /16 of loopback addresses) behind a
// stock OpenSSH sshd (its own 127.0.0.1 port and host key). A client key is authorized on
// every sshd and listed in every clonedeckd's --operator-keys file (so their VMs accept it),
// and a known_hosts file lists every host key, so clonectl (connectArgs) and the console
// (SshHostOptions from identity()/knownHostsFile()) reach them as operators would. Everything it starts stops
// when it goes, even if the test fails.
//
// The issue names 127.77/16, 127.78/16, 127.79/16; these are this test process's three
// consecutive /16s instead, so that tests using the fixture can run in parallel.
#include "OpenSshServer.h"
#include "PlatformFixture.h"

#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace clonedeck::test {

class RemoteHostsFixture
{
public:
    explicit RemoteHostsFixture(int count = 3);
    ~RemoteHostsFixture();

    // Starts every clonedeckd and sshd; empty on success, else why not.
    QString start(const PlatformFixture::Options &options = {});
    int count() const { return int(m_hosts.size()); }
    PlatformFixture &platform(int host) { return *m_hosts[size_t(host)].platform; }
    OpenSshServer &sshd(int host) { return *m_hosts[size_t(host)].sshd; }

    // ssh://user@127.0.0.1:port/path/of/its/xenstored/socket
    QString uri(int host) const;
    QString addressBase(int host) const; // "127.N.0.0"
    QString identity() const { return m_dir.filePath(QStringLiteral("id_ed25519")); }
    QString knownHostsFile() const { return m_dir.filePath(QStringLiteral("known_hosts")); }
    // Every clonedeckd's --operator-keys file (identity()'s public key); tests may rewrite it.
    QString operatorKeysFile() const { return m_dir.filePath(QStringLiteral("operator_keys")); }
    // Rewrites known_hosts: host i listed with the key of keyOf[i] (default: its own).
    bool writeKnownHosts(const QList<int> &keyOf = {});
    // The SHA256 fingerprint of host i's key, as OpenSSH prints it.
    QString fingerprint(int host) const;

    // clonectl's global options to reach host i: --connect, --ssh-identity, --known-hosts.
    QStringList connectArgs(int host) const;
    // No XENSTORED_PATH, no ssh-agent; CLONEDECK_DOMID when domid >= 0.
    QProcessEnvironment environment(int domid = -1) const;
    CommandResult clonectl(int host, const QStringList &args, int domid = 1, int timeoutMs = 60000) const;

private:
    struct Host
    {
        std::unique_ptr<PlatformFixture> platform;
        std::unique_ptr<OpenSshServer> sshd;
        QString addressBase;
    };

    QTemporaryDir m_dir;
    std::vector<Host> m_hosts;
};

} // namespace clonedeck::test
