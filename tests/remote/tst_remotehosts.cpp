// Issue 14's engine against three real hosts on loopback: three clonedeckd, each behind a
// stock OpenSSH sshd with its own host key (RemoteHostsFixture). clonectl --connect reaches
// every host (rt, clone, ltd, kill); `launch` on the second host runs its agent through that
// host's SSH connection (direct-tcpip), logged in to the clone with the operator's own key (no
// --identity: the host's clonedeckd lists it in --operator-keys) and its output arrives; a key
// not in that file is refused, and the file is read again at each login; the console's transport
// (makeXenstoreTransport) serves PlatformGateway over direct-streamlocal; a dead sshd, a
// changed host key, an unknown host key and a refused login are clear refusals (exit 69); a
// host whose sshd hangs (SIGSTOP: TCP still acknowledges) is noticed by SSH keepalives.
#include "ConnectionUri.h"
#include "PlatformGateway.h"
#include "RemoteHostsFixture.h"
#include "SshHostPool.h"
#include "TestEnvironment.h"
#include "XenstoreTransportFactory.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace clonedeck;
using namespace clonedeck::test;

class TestRemoteHosts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void clonectlReachesEveryHost();
    void connectFromEnvironment();
    void launchRunsThroughTheSecondHostsTunnel();
    void launchNeedsAnOperatorKey();
    void gatewayOverSshTransport();
    void gatewayNoticesALostHostAndComesBack();
    void hungHostIsNoticedByKeepaliveAndComesBack();
    void changedHostKeyIsRefusedWithBothFingerprints();
    void unknownHostIsRefusedUntilAccepted();
    void refusedLoginIsClear();
    void deadHostIsUnreachable();

private:
    static QString firstWord(const QByteArray &out, int index)
    {
        return QString::fromUtf8(out).split(' ').value(index);
    }

    RemoteHostsFixture m_hosts{3};
    QTemporaryDir m_scratch;
};

void TestRemoteHosts::initTestCase()
{
    const QString error = m_hosts.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestRemoteHosts::clonectlReachesEveryHost()
{
    for (int host = 0; host < m_hosts.count(); ++host) {
        const CommandResult rt =
            m_hosts.clonectl(host, {QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                                    QStringLiteral("64"), QStringLiteral("20000")});
        QVERIFY2(rt.exitCode == 0, rt.err.constData());
        const QString ticket = firstWord(rt.out, 1);
        const CommandResult clone = m_hosts.clonectl(host, {QStringLiteral("clone"), ticket});
        QVERIFY2(clone.exitCode == 0, clone.err.constData());
        // The clone lives on that host: an address of that host's range.
        const CommandResult ltd = m_hosts.clonectl(host, {QStringLiteral("ltd"), ticket});
        QCOMPARE(ltd.exitCode, 0);
        const QString prefix = m_hosts.addressBase(host).section(QLatin1Char('.'), 0, 1);
        QVERIFY2(ltd.out.contains(("ip " + prefix + '.').toUtf8()), ltd.out.constData());
        const CommandResult kill = m_hosts.clonectl(host, {QStringLiteral("kill"), ticket});
        QVERIFY2(kill.exitCode == 0, kill.err.constData());
    }
}

void TestRemoteHosts::connectFromEnvironment()
{
    QProcessEnvironment env = m_hosts.environment(0);
    env.insert(QStringLiteral("CLONEDECK_CONNECT"), m_hosts.uri(2));
    const QStringList keys{QStringLiteral("--ssh-identity"), m_hosts.identity(),
                           QStringLiteral("--known-hosts"), m_hosts.knownHostsFile(),
                           QStringLiteral("hosts")};
    const CommandResult hosts = m_hosts.platform(2).run(binDir() + QStringLiteral("/clonectl"), keys, env);
    QVERIFY2(hosts.exitCode == 0, hosts.err.constData());
    QVERIFY(hosts.out.contains("host1"));
}

void TestRemoteHosts::launchRunsThroughTheSecondHostsTunnel()
{
    const QString log = m_scratch.filePath(QStringLiteral("launch.log"));
    const CommandResult launch = m_hosts.clonectl(
        1,
        {QStringLiteral("launch"), QStringLiteral("--pins"), m_scratch.filePath(QStringLiteral("pins.ini")),
         QStringLiteral("--log-file"), log, QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
         QStringLiteral("echo agent-says-hello; exit 5")},
        1, 120000);
    QCOMPARE(launch.out, QByteArray("agent-says-hello\n"));
    QCOMPARE(launch.exitCode, 5);
    // It went through host 1's SSH connection: a direct-tcpip tunnel to a clone of host 1's range.
    QFile text(log);
    QVERIFY(text.open(QIODevice::ReadOnly));
    const QByteArray logged = text.readAll();
    const QString prefix = m_hosts.addressBase(1).section(QLatin1Char('.'), 0, 1);
    QVERIFY2(logged.contains(("tunnel to " + prefix + '.').toUtf8()), logged.right(3000).constData());
    // The clone's host key was checked as a local launch checks it: pinned for its lineage.
    QVERIFY2(logged.contains("pinned host key SHA256:"), logged.right(3000).constData());
}

void TestRemoteHosts::launchNeedsAnOperatorKey()
{
    // An outsider may log in to host 1 (its sshd), but is not one of its platform's operators.
    const QString outsider = OpenSshServer::generateKey(m_scratch.path(), QStringLiteral("outsider"));
    QVERIFY(!outsider.isEmpty());
    QVERIFY(m_hosts.sshd(1).authorize(outsider + QStringLiteral(".pub")));
    const auto launchAs = [&] {
        return m_hosts.platform(1).run(
            binDir() + QStringLiteral("/clonectl"),
            {QStringLiteral("--connect"), m_hosts.uri(1), QStringLiteral("--ssh-identity"), outsider,
             QStringLiteral("--known-hosts"), m_hosts.knownHostsFile(), QStringLiteral("launch"),
             QStringLiteral("--pins"), m_scratch.filePath(QStringLiteral("pins.ini")), QStringLiteral("--"),
             QStringLiteral("echo"), QStringLiteral("outsider-was-here")},
            m_hosts.environment(1), {}, 120000);
    };
    const CommandResult refused = launchAs();
    QCOMPARE(refused.exitCode, 1);
    QVERIFY(!refused.out.contains("outsider-was-here"));
    QVERIFY2(refused.err.contains("authentication refused (tried: " + outsider.toUtf8() + ")"),
             refused.err.constData());
    QVERIFY2(refused.err.contains("--operator-keys"), refused.err.constData());

    // Listed: accepted at the next login, without restarting the platform...
    QFile keys(m_hosts.operatorKeysFile());
    QVERIFY(keys.open(QIODevice::ReadOnly));
    const QByteArray operators = keys.readAll();
    keys.close();
    QFile outsiderKey(outsider + QStringLiteral(".pub"));
    QVERIFY(outsiderKey.open(QIODevice::ReadOnly));
    QVERIFY(keys.open(QIODevice::WriteOnly | QIODevice::Truncate));
    keys.write(operators + outsiderKey.readAll());
    keys.close();
    const CommandResult accepted = launchAs();
    QVERIFY2(accepted.exitCode == 0, accepted.err.constData());
    QCOMPARE(accepted.out, QByteArray("outsider-was-here\n"));

    // ...and revoked: refused again at the next one.
    QVERIFY(keys.open(QIODevice::WriteOnly | QIODevice::Truncate));
    keys.write(operators);
    keys.close();
    const CommandResult revoked = launchAs();
    QCOMPARE(revoked.exitCode, 1);
    QVERIFY2(revoked.err.contains("authentication refused"), revoked.err.constData());
}

void TestRemoteHosts::gatewayOverSshTransport()
{
    SshHostOptions options;
    options.identityFiles = {m_hosts.identity()};
    options.knownHostsFile = m_hosts.knownHostsFile();
    options.useSshAgent = false;
    SshHostPool pool(options);
    PlatformGateway gateway;
    Result<ConnectionUri> uri = ConnectionUri::parse(m_hosts.uri(2));
    QVERIFY(uri.ok());
    gateway.open(makeXenstoreTransport(*uri, pool));
    QCOMPARE(gateway.uri(), uri->toString());
    QFuture<Result<PlatformInfo>> info = gateway.platform();
    QTRY_VERIFY_WITH_TIMEOUT(info.isFinished(), 30000);
    QVERIFY2(info.result().ok(),
             qPrintable(info.result().ok() ? QString() : info.result().error().toString()));
    QCOMPARE(info.result()->state, QStringLiteral("running"));
    QCOMPARE(gateway.state(), ConnectionState::Connected);
    // Both hosts share nothing: another host's platform through the same pool answers too.
    PlatformGateway other;
    other.open(makeXenstoreTransport(*ConnectionUri::parse(m_hosts.uri(0)), pool));
    QFuture<Result<PlatformInfo>> otherInfo = other.platform();
    QTRY_VERIFY_WITH_TIMEOUT(otherInfo.isFinished(), 30000);
    QVERIFY(otherInfo.result().ok());
}

void TestRemoteHosts::gatewayNoticesALostHostAndComesBack()
{
    SshHostOptions options;
    options.identityFiles = {m_hosts.identity()};
    options.knownHostsFile = m_hosts.knownHostsFile();
    options.useSshAgent = false;
    SshHostPool pool(options);
    PlatformGateway gateway;
    gateway.open(makeXenstoreTransport(*ConnectionUri::parse(m_hosts.uri(1)), pool));
    QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), ConnectionState::Connected, 30000);
    // sshd and its per-connection processes die: the channel ends, the gateway says so at once.
    m_hosts.sshd(1).stop();
    QTRY_VERIFY_WITH_TIMEOUT(gateway.state() != ConnectionState::Connected, 5000);
    QFuture<Result<PlatformInfo>> lost = gateway.platform();
    QTRY_VERIFY_WITH_TIMEOUT(lost.isFinished(), 10000);
    QVERIFY(!lost.result().ok());
    // The host comes back: the gateway reconnects by itself (its backoff) and answers again.
    QVERIFY(m_hosts.sshd(1).startAndWait());
    QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), ConnectionState::Connected, 30000);
    QFuture<Result<PlatformInfo>> back = gateway.platform();
    QTRY_VERIFY_WITH_TIMEOUT(back.isFinished(), 30000);
    QVERIFY(back.result().ok());
}

void TestRemoteHosts::hungHostIsNoticedByKeepaliveAndComesBack()
{
    SshHostOptions options;
    options.identityFiles = {m_hosts.identity()};
    options.knownHostsFile = m_hosts.knownHostsFile();
    options.useSshAgent = false;
    options.sshKeepaliveIntervalMs = 300;
    options.sshKeepaliveMisses = 3;
    SshHostPool pool(options);
    PlatformGateway gateway;
    gateway.open(makeXenstoreTransport(*ConnectionUri::parse(m_hosts.uri(0)), pool));
    QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), ConnectionState::Connected, 30000);
    // The whole host hangs: the listening sshd and its per-connection processes stop, the
    // kernel still acknowledges every TCP segment (so TCP keepalive would never notice).
    QList<qint64> frozen = descendantsOf(m_hosts.sshd(0).pid());
    frozen.prepend(m_hosts.sshd(0).pid());
    QVERIFY(frozen.size() >= 2);
    const auto resume = [&frozen] {
        for (qint64 pid : std::as_const(frozen))
            ::kill(pid_t(pid), SIGCONT);
        frozen.clear();
    };
    const auto resumeOnFailure = qScopeGuard(resume);
    for (qint64 pid : std::as_const(frozen))
        QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);
    QElapsedTimer hung;
    hung.start();
    // 3 x 300 ms of silence, then the gateway's channel ends; 5 s is the loaded machine's margin.
    QTRY_VERIFY_WITH_TIMEOUT(gateway.state() != ConnectionState::Connected, 5000);
    QVERIFY2(hung.elapsed() >= 3 * 300, qPrintable(QString::number(hung.elapsed())));
    // The host wakes up: the gateway reconnects by itself and answers again.
    resume();
    QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), ConnectionState::Connected, 30000);
    QFuture<Result<PlatformInfo>> back = gateway.platform();
    QTRY_VERIFY_WITH_TIMEOUT(back.isFinished(), 30000);
    QVERIFY(back.result().ok());
}

void TestRemoteHosts::changedHostKeyIsRefusedWithBothFingerprints()
{
    QVERIFY(m_hosts.writeKnownHosts({1, 1, 2})); // host 0 "was" host 1's key
    const CommandResult refused = m_hosts.clonectl(0, {QStringLiteral("tickets")});
    QVERIFY(m_hosts.writeKnownHosts());
    QCOMPARE(refused.exitCode, 69);
    QVERIFY2(refused.err.contains("host key mismatch"), refused.err.constData());
    QVERIFY2(refused.err.contains(m_hosts.fingerprint(0).toUtf8()), refused.err.constData());
    QVERIFY2(refused.err.contains(m_hosts.fingerprint(1).toUtf8()), refused.err.constData());
    QVERIFY(refused.out.isEmpty());
}

void TestRemoteHosts::unknownHostIsRefusedUntilAccepted()
{
    QFile::remove(m_hosts.knownHostsFile());
    const CommandResult refused = m_hosts.clonectl(0, {QStringLiteral("tickets")});
    QCOMPARE(refused.exitCode, 69);
    const QString fingerprint = m_hosts.fingerprint(0);
    QVERIFY2(refused.err.contains("unknown host key " + fingerprint.toUtf8()), refused.err.constData());
    QVERIFY(refused.err.contains("--accept-host-key"));
    QVERIFY(!QFile::exists(m_hosts.knownHostsFile()) || QFile(m_hosts.knownHostsFile()).size() == 0);

    // Another fingerprint accepted is not this host's: still refused.
    const CommandResult wrong = m_hosts.clonectl(
        0, {QStringLiteral("--accept-host-key"), m_hosts.fingerprint(1), QStringLiteral("tickets")});
    QCOMPARE(wrong.exitCode, 69);

    const CommandResult accepted =
        m_hosts.clonectl(0, {QStringLiteral("--accept-host-key"), fingerprint, QStringLiteral("tickets")});
    QVERIFY2(accepted.exitCode == 0, accepted.err.constData());
    const CommandResult remembered = m_hosts.clonectl(0, {QStringLiteral("tickets")});
    QVERIFY2(remembered.exitCode == 0, remembered.err.constData());
    QVERIFY(m_hosts.writeKnownHosts());
}

void TestRemoteHosts::refusedLoginIsClear()
{
    const QString stranger = OpenSshServer::generateKey(m_scratch.path(), QStringLiteral("stranger"));
    QVERIFY(!stranger.isEmpty());
    const CommandResult refused = m_hosts.platform(0).run(
        binDir() + QStringLiteral("/clonectl"),
        {QStringLiteral("--connect"), m_hosts.uri(0), QStringLiteral("--ssh-identity"), stranger,
         QStringLiteral("--known-hosts"), m_hosts.knownHostsFile(), QStringLiteral("tickets")},
        m_hosts.environment(0));
    QCOMPARE(refused.exitCode, 69);
    QVERIFY2(refused.err.contains("authentication refused"), refused.err.constData());
}

void TestRemoteHosts::deadHostIsUnreachable()
{
    m_hosts.sshd(2).stop();
    const CommandResult dead = m_hosts.clonectl(2, {QStringLiteral("tickets")});
    QCOMPARE(dead.exitCode, 69);
    QVERIFY2(dead.err.contains("cannot reach the platform at " + m_hosts.uri(2).toUtf8()),
             dead.err.constData());
    QVERIFY2(dead.err.contains("Connection refused"), dead.err.constData());
    // The other hosts are unaffected.
    QCOMPARE(m_hosts.clonectl(1, {QStringLiteral("tickets")}).exitCode, 0);
}

QTEST_GUILESS_MAIN(TestRemoteHosts)
#include "tst_remotehosts.moc"
