#include "SshTestBed.h"

#include "HostKeyPinStore.h"
#include "TestEnvironment.h"
#include "TrustOnFirstUseHostKeyPolicy.h"

#include <QFile>

namespace clonedeck::test {

QString SshTestBed::setUp()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        return QStringLiteral(
            "OpenSSH sshd is not installed (packaging/install-deps.sh installs openssh-server)");
    if (!m_dir.isValid())
        return QStringLiteral("no temporary directory");
    m_clientKey = OpenSshServer::generateKey(m_dir.path(), QStringLiteral("client_ed25519"));
    if (m_clientKey.isEmpty())
        return QStringLiteral("cannot generate a client key");
    m_user = OpenSshServer::currentUser();
    if (m_user.isEmpty())
        return QStringLiteral("cannot tell the current user");
    auto pins = std::make_shared<HostKeyPinStore>(m_dir.filePath(QStringLiteral("pins.ini")));
    m_policy = std::make_shared<TrustOnFirstUseHostKeyPolicy>(pins);
    return {};
}

std::unique_ptr<OpenSshServer> SshTestBed::server(bool start)
{
    auto sshd = std::make_unique<OpenSshServer>(loopbackPrefix() + QStringLiteral("1.%1").arg(m_nextHost++));
    if (!sshd->isValid() || !sshd->authorize(m_clientKey + QStringLiteral(".pub")))
        return nullptr;
    if (start && !sshd->startAndWait()) {
        qWarning("sshd did not start: %s", qPrintable(sshd->log()));
        return nullptr;
    }
    return sshd;
}

AgentTarget SshTestBed::target(const OpenSshServer &server, int domid) const
{
    return AgentTarget{QStringLiteral("farm"), 1, domid, server.address(), server.port(), m_user};
}

AgentLaunchOptions SshTestBed::options(const QString &command) const
{
    AgentLaunchOptions options;
    options.command = command;
    options.identityFiles = {m_clientKey};
    options.useSshAgent = false;
    options.useSshConfig = false; // hermetic: the test machine's ssh_config must not matter
    options.hostKeyPolicy = m_policy;
    options.launchTimeoutMs = 20000;
    return options;
}

} // namespace clonedeck::test
