#pragma once

// What the agent-session tests share: a client key authorized on each stock OpenSSH sshd they
// start (each on a loopback address of its own), the user to log in as, a trust-on-first-use
// policy on a private pin file, and launch options that ignore the machine's ssh_config.
#include "AgentTypes.h"
#include "OpenSshServer.h"

#include <QTemporaryDir>

#include <memory>

namespace clonedeck::test {

class SshTestBed
{
public:
    // Empty on success, else why the tests cannot run.
    QString setUp();

    std::unique_ptr<OpenSshServer> server(bool start = true);
    AgentTarget target(const OpenSshServer &server, int domid = 1) const;
    AgentLaunchOptions options(const QString &command) const;

    std::shared_ptr<HostKeyPolicy> policy() const { return m_policy; }
    QString clientKey() const { return m_clientKey; }
    QString user() const { return m_user; }
    QString directory() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    QString m_clientKey;
    QString m_user;
    int m_nextHost = 1;
    std::shared_ptr<HostKeyPolicy> m_policy;
};

} // namespace clonedeck::test
