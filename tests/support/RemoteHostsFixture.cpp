#include "RemoteHostsFixture.h"

#include "TestEnvironment.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>

namespace clonedeck::test {

RemoteHostsFixture::RemoteHostsFixture(int count)
{
    // Three consecutive /16s per test process in 127.100-249, away from 127.0 and the
    // product's default 127.77.
    const int first = 100 + int(QCoreApplication::applicationPid() % 50) * 3;
    for (int i = 0; i < count; ++i)
        m_hosts.push_back(
            Host{std::make_unique<PlatformFixture>(), nullptr, QStringLiteral("127.%1.0.0").arg(first + i)});
}

RemoteHostsFixture::~RemoteHostsFixture()
{
    for (Host &host : m_hosts) {
        if (host.sshd)
            host.sshd->stop();
        host.platform->stop();
    }
}

QString RemoteHostsFixture::start(const PlatformFixture::Options &options)
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary directory");
    if (OpenSshServer::generateKey(m_dir.path(), QStringLiteral("id_ed25519")).isEmpty())
        return QStringLiteral("ssh-keygen failed");
    if (!QFile::copy(identity() + QStringLiteral(".pub"), operatorKeysFile()))
        return QStringLiteral("cannot write %1").arg(operatorKeysFile());
    for (int i = 0; i < count(); ++i) {
        Host &host = m_hosts[size_t(i)];
        PlatformFixture::Options own = options;
        own.addressBase = host.addressBase;
        own.extraArgs << QStringLiteral("--operator-keys") << operatorKeysFile();
        if (const QString error = host.platform->start(own); !error.isEmpty())
            return QStringLiteral("host %1: %2").arg(i).arg(error);
        host.sshd = std::make_unique<OpenSshServer>(QStringLiteral("127.0.0.1"));
        if (!host.sshd->isValid())
            return QStringLiteral("host %1: %2").arg(i).arg(host.sshd->errorString());
        if (!host.sshd->authorize(identity() + QStringLiteral(".pub")) || !host.sshd->startAndWait())
            return QStringLiteral("host %1: sshd did not start: %2").arg(i).arg(host.sshd->log());
    }
    return writeKnownHosts() ? QString() : QStringLiteral("cannot write %1").arg(knownHostsFile());
}

QString RemoteHostsFixture::uri(int host) const
{
    const Host &h = m_hosts[size_t(host)];
    return QStringLiteral("ssh://%1@127.0.0.1:%2%3")
        .arg(OpenSshServer::currentUser())
        .arg(h.sshd->port())
        .arg(h.platform->socketPath());
}

QString RemoteHostsFixture::addressBase(int host) const
{
    return m_hosts[size_t(host)].addressBase;
}

bool RemoteHostsFixture::writeKnownHosts(const QList<int> &keyOf)
{
    QFile known(knownHostsFile());
    if (!known.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    for (int i = 0; i < count(); ++i) {
        QFile key(m_hosts[size_t(keyOf.value(i, i))].sshd->hostPublicKeyFile());
        if (!key.open(QIODevice::ReadOnly))
            return false;
        const QList<QByteArray> fields = key.readAll().trimmed().split(' ');
        known.write(QStringLiteral("[127.0.0.1]:%1 ").arg(m_hosts[size_t(i)].sshd->port()).toUtf8() +
                    fields.value(0) + ' ' + fields.value(1) + '\n');
    }
    return true;
}

QString RemoteHostsFixture::fingerprint(int host) const
{
    QProcess keygen;
    keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-l"), QStringLiteral("-f"),
                                                m_hosts[size_t(host)].sshd->hostPublicKeyFile()});
    keygen.waitForFinished(10000);
    return QString::fromUtf8(keygen.readAllStandardOutput()).split(QLatin1Char(' ')).value(1);
}

QStringList RemoteHostsFixture::connectArgs(int host) const
{
    return {QStringLiteral("--connect"),     uri(host),       QStringLiteral("--ssh-identity"), identity(),
            QStringLiteral("--known-hosts"), knownHostsFile()};
}

QProcessEnvironment RemoteHostsFixture::environment(int domid) const
{
    QProcessEnvironment env = m_hosts.front().platform->environment(domid);
    env.remove(QStringLiteral("XENSTORED_PATH"));
    env.remove(QStringLiteral("SSH_AUTH_SOCK"));
    env.remove(QStringLiteral("CLONEDECK_CONNECT"));
    return env;
}

CommandResult RemoteHostsFixture::clonectl(int host, const QStringList &args, int domid, int timeoutMs) const
{
    return m_hosts.front().platform->run(binDir() + QStringLiteral("/clonectl"), connectArgs(host) + args,
                                         environment(domid), {}, timeoutMs);
}

} // namespace clonedeck::test
