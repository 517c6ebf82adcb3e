// Issue 11, finding 1, as it was found: from inside a sandbox VM over SSH, a
// domain tries to act as another (`clonectl --domain 0 kill t1` killed its own
// master's ticket, itself included) and to forge what clients trust. With the
// bridge every such attempt is EACCES (clonectl exit 13) and nothing changes,
// while the master still does its own business through its endpoint.
#include "PlatformClient.h"
#include "PlatformFixture.h"
#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

#include <QCoreApplication>
#include <QFile>
#include <QTest>

using namespace clonedeck;
using namespace clonedeck::test;

class TestBridgeSandbox : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void masterActsForItselfOverSsh();
    void cloneCannotActForAnotherDomain();
    void guestsCannotForgeWhatClientsTrust();
    void vmProcessesGetTheirOwnEndpoint();
    void hostileStreamsFromAVmLeaveTheDaemonServing();
    void endpointGoesWithItsVm();
    void endpointsComeBackAfterARestart();

private:
    CommandResult ssh(int domid, const QString &command);
    QByteArray platformState();

    PlatformFixture m_platform;
    std::unique_ptr<XenstoreConnection> m_xs; // the operator's privileged view
    QString m_knownHosts;
};

void TestBridgeSandbox::initTestCase()
{
    const QString error = m_platform.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto connection = XenstoreConnection::open(m_platform.socketPath());
    QVERIFY(connection.ok());
    m_xs = std::move(connection).value();
    // Clones present their master's host key: one pinned alias covers the whole lineage.
    const CommandResult publicKey =
        m_platform.run(QStringLiteral("ssh-keygen"),
                       {QStringLiteral("-y"), QStringLiteral("-f"),
                        m_platform.vmDirectory(1) + QStringLiteral("/.clonedeck/ssh_host_ed25519_key")},
                       m_platform.environment());
    QCOMPARE(publicKey.exitCode, 0);
    m_knownHosts = m_platform.runDir() + QStringLiteral("/known_hosts");
    QFile file(m_knownHosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("clonedeck-master " + publicKey.out);
}

CommandResult TestBridgeSandbox::ssh(int domid, const QString &command)
{
    const auto domain = PlatformClient(*m_xs, 0).domain(domid);
    if (!domain)
        return CommandResult{};
    return m_platform.run(QStringLiteral("ssh"),
                          {QStringLiteral("-i"), m_platform.clientKey(), QStringLiteral("-p"),
                           QString::number(domain->port), QStringLiteral("-o"),
                           QStringLiteral("BatchMode=yes"), QStringLiteral("-o"),
                           QStringLiteral("IdentitiesOnly=yes"), QStringLiteral("-o"),
                           QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("-o"),
                           QStringLiteral("UserKnownHostsFile=") + m_knownHosts, QStringLiteral("-o"),
                           QStringLiteral("HostKeyAlias=clonedeck-master"), domain->ip, command},
                          m_platform.environment());
}

QByteArray TestBridgeSandbox::platformState()
{
    // Everything clients read and trust: the platform record, tickets, their clones, domains.
    QByteArray state = m_xs->read(protocol::platformPath()).value() + '\n';
    for (const QString &dir :
         {protocol::ticketsPath(), protocol::domainsPath(), protocol::ticketClonesPath("t1")}) {
        const auto names = m_xs->directory(dir);
        for (const QString &name : names ? *names : QStringList{})
            state += name.toUtf8() + '=' + m_xs->read(dir + QLatin1Char('/') + name).value() + '\n';
    }
    return state;
}

void TestBridgeSandbox::masterActsForItselfOverSsh()
{
    // The master's own requests pass its endpoint: watch its reply, write its request, read the reply.
    const CommandResult cloned = ssh(1, QStringLiteral("clonectl rt 2 1 64 60000 && clonectl clone t1"));
    QVERIFY2(cloned.exitCode == 0, cloned.err.constData());
    QVERIFY2(cloned.out.contains("t1"), cloned.out.constData());
    const auto clones = PlatformClient(*m_xs, 0).ticketDetails(QStringLiteral("t1"));
    QVERIFY(clones.ok());
    QCOMPARE(clones->clones.size(), 2);
    // A call that waits (nothing fits for 2.5 s) outlives clonectl's 1 s liveness probes, which the
    // bridge refuses (a guest may not list "/"): still EBUSY, not "platform unreachable".
    const CommandResult busy = ssh(1, QStringLiteral("clonectl rt 1 16 64 2500; echo exit=$?"));
    QVERIFY2(busy.out.contains("exit=16"), busy.out + busy.err);
}

void TestBridgeSandbox::cloneCannotActForAnotherDomain()
{
    const QByteArray before = platformState();
    QVERIFY(before.contains("t1="));
    // As dom0 and as its master: refused by the bridge before the platform could act.
    const CommandResult asDom0 = ssh(2, QStringLiteral("clonectl --domain 0 kill t1; echo exit=$?"));
    QVERIFY2(asDom0.out.contains("exit=13"), asDom0.out + asDom0.err);
    const CommandResult asMaster = ssh(2, QStringLiteral("clonectl --domain 1 kill 3; echo exit=$?"));
    QVERIFY2(asMaster.out.contains("exit=13"), asMaster.out + asMaster.err);
    const CommandResult asSibling = ssh(2, QStringLiteral("clonectl --domain 3 join; echo exit=$?"));
    QVERIFY2(asSibling.out.contains("exit=13"), asSibling.out + asSibling.err);
    // The master's ticket and both clones are as they were, and the clone still works for itself.
    QCOMPARE(platformState(), before);
    const CommandResult own = ssh(2, QStringLiteral("clonectl ltd t1 && xenstore-read name"));
    QVERIFY2(own.exitCode == 0, own.err.constData());
}

void TestBridgeSandbox::guestsCannotForgeWhatClientsTrust()
{
    const QByteArray before = platformState();
    for (const int domid : {1, 2}) {
        for (const QString &command :
             {QStringLiteral("xenstore-write /clonedeck/platform 'version=1 client_key=forged'"),
              QStringLiteral("xenstore-write /clonedeck/domains/2 'master=9 created=1'"),
              QStringLiteral("xenstore-rm /clonedeck/tickets/t1"),
              QStringLiteral("xenstore-write /local/domain/0/clonedeck/requests/x 'op=kill ticket=t1'"),
              QStringLiteral("xenstore-write clonedeck/replies/forged status=ok"),
              QStringLiteral("xenstore-read /local/domain/%1/name").arg(3 - domid)}) {
            const CommandResult attempt = ssh(domid, command + QStringLiteral("; echo exit=$?"));
            QVERIFY2(attempt.out.contains("exit=") && !attempt.out.contains("exit=0"),
                     qPrintable(QStringLiteral("domain %1: %2 -> %3").arg(domid).arg(command, attempt.out)));
        }
    }
    QCOMPARE(platformState(), before);
    QVERIFY(!m_xs->read(protocol::replyPath(2, QStringLiteral("forged"))).ok());
}

void TestBridgeSandbox::vmProcessesGetTheirOwnEndpoint()
{
    const CommandResult path = ssh(2, QStringLiteral("echo $XENSTORED_PATH"));
    QCOMPARE(path.out.trimmed(), (m_platform.runDir() + QStringLiteral("/bridge/2.sock")).toUtf8());
    QVERIFY(path.out.trimmed() != m_platform.socketPath().toUtf8());
}

void TestBridgeSandbox::hostileStreamsFromAVmLeaveTheDaemonServing()
{
    const QString guest = QCoreApplication::applicationDirPath() + QStringLiteral("/bridge_hostile_guest");
    const CommandResult oversized = ssh(2, guest + QStringLiteral(" oversized"));
    QCOMPARE(oversized.out.trimmed(), QByteArray("closed"));
    QCOMPARE(ssh(2, guest + QStringLiteral(" truncated")).out.trimmed(), QByteArray("sent"));
    // A guest that writes and never reads is stopped being read: it gets nowhere near its 64 MiB.
    const CommandResult flood = ssh(2, guest + QStringLiteral(" flood"));
    QVERIFY2(flood.out.startsWith("took ") && flood.out.split(' ').value(1).toLongLong() < 8 * 1024 * 1024,
             flood.out + flood.err);
    // Meanwhile and after, the daemon serves: the master, the operator, and the hostile VM itself.
    const CommandResult master = ssh(1, QStringLiteral("clonectl ltd t1"));
    QVERIFY2(master.exitCode == 0, master.err.constData());
    QVERIFY(PlatformClient(*m_xs, 0).ticketDetails(QStringLiteral("t1")).ok());
    QCOMPARE(ssh(2, QStringLiteral("xenstore-read domid")).out.trimmed(), QByteArray("2"));
}

void TestBridgeSandbox::endpointGoesWithItsVm()
{
    // Bound at the VM's first command (an idle VM holds no descriptor for it), then kept.
    const QString endpoint = m_platform.runDir() + QStringLiteral("/bridge/3.sock");
    QVERIFY(!QFile::exists(endpoint));
    QCOMPARE(ssh(3, QStringLiteral("xenstore-read domid")).out, QByteArray("3\n"));
    QVERIFY(QFile::exists(endpoint));
    QCOMPARE(m_platform.clonectl({QStringLiteral("kill"), QStringLiteral("3")}, 0).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(endpoint), 10000);
}

void TestBridgeSandbox::endpointsComeBackAfterARestart()
{
    m_xs.reset();
    m_platform.stop();
    const QString error = m_platform.restart();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto connection = XenstoreConnection::open(m_platform.socketPath());
    QVERIFY(connection.ok());
    m_xs = std::move(connection).value();
    // The running VMs are served again, each through its own endpoint.
    for (const int domid : {1, 2}) {
        const CommandResult name = ssh(domid, QStringLiteral("xenstore-read domid && echo $XENSTORED_PATH"));
        QVERIFY2(name.exitCode == 0, name.err.constData());
        QCOMPARE(name.out, QByteArray::number(domid) + '\n' + m_platform.runDir().toUtf8() + "/bridge/" +
                               QByteArray::number(domid) + ".sock\n");
    }
}

QTEST_GUILESS_MAIN(TestBridgeSandbox)
#include "test_bridge_sandbox.moc"
