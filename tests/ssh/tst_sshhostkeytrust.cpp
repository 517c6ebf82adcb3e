// Host-key trust policies against stock OpenSSH sshd: lineage (clones present their master's
// key), trust-on-first-use with reused addresses, OpenSSH known_hosts, and the pin store.
#include "AgentSessionManager.h"
#include "HostKeyPinStore.h"
#include "KnownHostsHostKeyPolicy.h"
#include "LineageHostKeyPolicy.h"
#include "OpenSshServer.h"
#include "SessionRecorder.h"
#include "TestEnvironment.h"
#include "TrustOnFirstUseHostKeyPolicy.h"

#include <QFile>
#include <QProcess>
#include <QtTest>

#include <memory>

using namespace clonedeck;
using namespace clonedeck::test;

class TestSshHostKeyTrust : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void lineageAcceptsClonesPresentingTheMasterKey();
    void lineageRefusesAWrongKeyNamingBothFingerprints();
    void lineageRefusesAChangedMasterKey();
    void lineageRefusesTheWrongMaster();
    void lineageRefusesUnknownLineagesUnlessAnyMemberPins();
    void lineageAcceptsAConfiguredMasterKey();
    void lineageOfARecreatedMasterIsNew();
    void trustOnFirstUseHandlesChangedKeyAndReusedAddress();
    void knownHostsAcceptsKnownAndRefusesUnknownOrChanged();
    void knownHostsCanAddUnknownHosts();
    void lineagePinIsAtomicAcrossProcesses();

private:
    std::unique_ptr<OpenSshServer> server(const OpenSshServer *sharingKeyOf = nullptr,
                                          QString address = QString());
    RecordedSession runOnce(const OpenSshServer &server, int masterDomid, int domid,
                            std::shared_ptr<HostKeyPolicy> policy, qint64 masterCreatedMs = 0);
    static QString fingerprint(const OpenSshServer &server);

    QTemporaryDir m_dir;
    QString m_clientKey;
    int m_nextHost = 1;
    int m_test = 0;
    std::shared_ptr<HostKeyPinStore> m_pins;
};

void TestSshHostKeyTrust::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        QFAIL("OpenSSH sshd is not installed (packaging/install-deps.sh installs openssh-server)");
    QVERIFY(m_dir.isValid());
    m_clientKey = OpenSshServer::generateKey(m_dir.path(), QStringLiteral("client_ed25519"));
    QVERIFY(!m_clientKey.isEmpty());
}

void TestSshHostKeyTrust::init()
{
    // A fresh pin store per test function, on a temporary file.
    m_pins = std::make_shared<HostKeyPinStore>(m_dir.filePath(QStringLiteral("pins-%1.ini").arg(++m_test)));
}

std::unique_ptr<OpenSshServer> TestSshHostKeyTrust::server(const OpenSshServer *sharingKeyOf, QString address)
{
    if (address.isEmpty())
        address = loopbackPrefix() + QStringLiteral("2.%1").arg(m_nextHost++);
    auto sshd = std::make_unique<OpenSshServer>(address, sharingKeyOf);
    if (!sshd->isValid() || !sshd->authorize(m_clientKey + QStringLiteral(".pub")) || !sshd->startAndWait()) {
        qWarning("sshd did not start: %s %s", qPrintable(sshd->errorString()), qPrintable(sshd->log()));
        return nullptr;
    }
    return sshd;
}

QString TestSshHostKeyTrust::fingerprint(const OpenSshServer &server)
{
    Result<HostKey> key = HostKey::fromPublicKeyFile(server.hostPublicKeyFile());
    return key.ok() ? key->fingerprint : QString();
}

RecordedSession TestSshHostKeyTrust::runOnce(const OpenSshServer &server, int masterDomid, int domid,
                                             std::shared_ptr<HostKeyPolicy> policy, qint64 masterCreatedMs)
{
    AgentSessionManager manager(policy);
    SessionRecorder recorder(&manager);
    AgentLaunchOptions options;
    options.command = QStringLiteral("true");
    options.identityFiles = {m_clientKey};
    options.useSshAgent = false;
    options.useSshConfig = false;
    options.launchTimeoutMs = 15000;
    const AgentTarget target{QStringLiteral("farm"), masterDomid,   domid,
                             server.address(),       server.port(), OpenSshServer::currentUser(),
                             masterCreatedMs};
    Result<AgentSessionId> id = manager.launch(target, options);
    if (!id.ok())
        return RecordedSession{};
    QDeadlineTimer deadline(20000);
    while (!recorder[*id].finished() && !deadline.hasExpired())
        QTest::qWait(20); // processes events; the outcome arrives by queued signal
    return recorder[*id];
}

void TestSshHostKeyTrust::lineageAcceptsClonesPresentingTheMasterKey()
{
    auto master = server();
    QVERIFY(master);
    auto clone = server(master.get());
    QVERIFY(clone);
    auto policy = std::make_shared<LineageHostKeyPolicy>(m_pins);
    RecordedSession first = runOnce(*master, 1, 1, policy);
    QVERIFY2(first.exit, qPrintable(first.error ? first.error->toString() : "no outcome"));
    QCOMPARE(first.fingerprint, fingerprint(*master));
    RecordedSession second = runOnce(*clone, 1, 2, policy);
    QVERIFY2(second.exit, qPrintable(second.error ? second.error->toString() : "no outcome"));
    // The pin persists in the settings file.
    HostKeyPinStore reopened(m_pins->path());
    QCOMPARE(reopened.lineagePin(QStringLiteral("farm"), 1)->fingerprint, fingerprint(*master));
}

void TestSshHostKeyTrust::lineageRefusesAWrongKeyNamingBothFingerprints()
{
    auto master = server();
    auto impostor = server();
    QVERIFY(master && impostor);
    auto policy = std::make_shared<LineageHostKeyPolicy>(m_pins);
    QVERIFY(runOnce(*master, 1, 1, policy).exit);
    RecordedSession refused = runOnce(*impostor, 1, 2, policy);
    QVERIFY(refused.error);
    QCOMPARE(refused.error->code, EKEYREJECTED);
    QVERIFY2(refused.error->message.contains(fingerprint(*master)) &&
                 refused.error->message.contains(fingerprint(*impostor)),
             qPrintable(refused.error->message));
    QVERIFY(!refused.reached(AgentState::Authenticating));
}

void TestSshHostKeyTrust::lineageRefusesAChangedMasterKey()
{
    auto master = server();
    auto rekeyed = server();
    QVERIFY(master && rekeyed);
    auto policy = std::make_shared<LineageHostKeyPolicy>(m_pins);
    QVERIFY(runOnce(*master, 1, 1, policy).exit);
    RecordedSession refused = runOnce(*rekeyed, 1, 1, policy);
    QVERIFY(refused.error);
    QCOMPARE(refused.error->code, EKEYREJECTED);
    QVERIFY(refused.error->message.contains(fingerprint(*master)));
    QVERIFY(refused.error->message.contains(fingerprint(*rekeyed)));
}

void TestSshHostKeyTrust::lineageRefusesTheWrongMaster()
{
    auto masterOne = server();
    auto masterTwo = server();
    QVERIFY(masterOne && masterTwo);
    auto cloneOfTwo = server(masterTwo.get());
    QVERIFY(cloneOfTwo);
    auto policy = std::make_shared<LineageHostKeyPolicy>(m_pins);
    QVERIFY(runOnce(*masterOne, 1, 1, policy).exit);
    QVERIFY(runOnce(*masterTwo, 2, 2, policy).exit);
    // A clone of master 2 claimed as a clone of master 1: refused.
    RecordedSession refused = runOnce(*cloneOfTwo, 1, 7, policy);
    QVERIFY(refused.error);
    QCOMPARE(refused.error->code, EKEYREJECTED);
    QVERIFY2(refused.error->message.contains(fingerprint(*masterOne)) &&
                 refused.error->message.contains(fingerprint(*masterTwo)) &&
                 refused.error->message.contains(QStringLiteral("master 1")),
             qPrintable(refused.error->message));
    // The same clone under its real master: accepted.
    QVERIFY(runOnce(*cloneOfTwo, 2, 7, policy).exit);
}

void TestSshHostKeyTrust::lineageRefusesUnknownLineagesUnlessAnyMemberPins()
{
    auto clone = server();
    QVERIFY(clone);
    auto strict = std::make_shared<LineageHostKeyPolicy>(m_pins);
    RecordedSession refused = runOnce(*clone, 9, 10, strict);
    QVERIFY(refused.error);
    QCOMPARE(refused.error->code, EKEYREJECTED);
    QVERIFY2(refused.error->message.contains(QStringLiteral("no key is pinned")) &&
                 refused.error->message.contains(fingerprint(*clone)),
             qPrintable(refused.error->message));
    QVERIFY(!m_pins->lineagePin(QStringLiteral("farm"), 9));

    auto lenient =
        std::make_shared<LineageHostKeyPolicy>(m_pins, LineageHostKeyPolicy::FirstContact::AnyMember);
    QVERIFY(runOnce(*clone, 9, 10, lenient).exit);
    QCOMPARE(m_pins->lineagePin(QStringLiteral("farm"), 9)->fingerprint, fingerprint(*clone));
}

void TestSshHostKeyTrust::lineageOfARecreatedMasterIsNew()
{
    // Master 5 of "farm" as first created, then recreated under the same name (a new
    // platform): a new host key, a new lineage, not a changed key.
    auto first = server();
    auto recreated = server();
    QVERIFY(first && recreated);
    auto policy = std::make_shared<LineageHostKeyPolicy>(m_pins);
    QVERIFY(runOnce(*first, 5, 5, policy, 1000).exit);
    QVERIFY(runOnce(*recreated, 5, 5, policy, 2000).exit);
    // Each instance's pin still holds: the first instance presenting the other key is refused.
    RecordedSession refused = runOnce(*recreated, 5, 12, policy, 1000);
    QVERIFY(refused.error);
    QCOMPARE(refused.error->code, EKEYREJECTED);
    QVERIFY2(refused.error->message.contains(fingerprint(*first)) &&
                 refused.error->message.contains(fingerprint(*recreated)),
             qPrintable(refused.error->message));
}

void TestSshHostKeyTrust::lineageAcceptsAConfiguredMasterKey()
{
    auto clone = server();
    QVERIFY(clone);
    auto policy = std::make_shared<LineageHostKeyPolicy>(m_pins);
    Result<HostKey> key = HostKey::fromPublicKeyFile(clone->hostPublicKeyFile());
    QVERIFY(key.ok());
    QVERIFY(policy->configureMasterKey(QStringLiteral("farm"), 3, *key).ok());
    RecordedSession accepted = runOnce(*clone, 3, 11, policy);
    QVERIFY2(accepted.exit, qPrintable(accepted.error ? accepted.error->toString() : "no outcome"));
}

void TestSshHostKeyTrust::trustOnFirstUseHandlesChangedKeyAndReusedAddress()
{
    const QString address = loopbackPrefix() + QStringLiteral("2.%1").arg(m_nextHost++);
    auto policy = std::make_shared<TrustOnFirstUseHostKeyPolicy>(m_pins);
    QString firstFingerprint;
    {
        auto first = server(nullptr, address);
        QVERIFY(first);
        firstFingerprint = fingerprint(*first);
        QVERIFY(runOnce(*first, 1, 20, policy).exit);
        QVERIFY(runOnce(*first, 1, 20, policy).exit); // the same key again
    }
    // The clone is gone; a new clone with another key takes over the address.
    auto second = server(nullptr, address);
    QVERIFY(second);
    RecordedSession refused = runOnce(*second, 1, 21, policy);
    QVERIFY(refused.error);
    QCOMPARE(refused.error->code, EKEYREJECTED);
    QVERIFY2(refused.error->message.contains(firstFingerprint) &&
                 refused.error->message.contains(fingerprint(*second)),
             qPrintable(refused.error->message));
    policy->forgetAddress(QStringLiteral("farm"), address); // what destroying the clone does
    RecordedSession accepted = runOnce(*second, 1, 21, policy);
    QVERIFY2(accepted.exit, qPrintable(accepted.error ? accepted.error->toString() : "no outcome"));
    QCOMPARE(m_pins->addressPin(QStringLiteral("farm"), address)->fingerprint, fingerprint(*second));
}

void TestSshHostKeyTrust::knownHostsAcceptsKnownAndRefusesUnknownOrChanged()
{
    auto known = server();
    auto unknown = server();
    auto other = server();
    QVERIFY(known && unknown && other);
    const QString file = m_dir.filePath(QStringLiteral("known_hosts"));
    QFile hosts(file);
    QVERIFY(hosts.open(QIODevice::WriteOnly));
    const auto entry = [](const OpenSshServer &at, const OpenSshServer &keyOf) {
        return QStringLiteral("[%1]:%2 %3\n")
            .arg(at.address())
            .arg(at.port())
            .arg(HostKey::fromPublicKeyFile(keyOf.hostPublicKeyFile())->toString())
            .toLatin1();
    };
    hosts.write(entry(*known, *known));
    hosts.write(entry(*other, *known)); // `other` now presents a key that differs from this entry
    hosts.close();
    auto policy = std::make_shared<KnownHostsHostKeyPolicy>(file);

    RecordedSession accepted = runOnce(*known, 1, 30, policy);
    QVERIFY2(accepted.exit, qPrintable(accepted.error ? accepted.error->toString() : "no outcome"));

    RecordedSession refused = runOnce(*unknown, 1, 31, policy);
    QVERIFY(refused.error);
    QCOMPARE(refused.error->code, EKEYREJECTED);
    QVERIFY2(refused.error->message.contains(QStringLiteral("not in")) &&
                 refused.error->message.contains(fingerprint(*unknown)),
             qPrintable(refused.error->message));

    RecordedSession changed = runOnce(*other, 1, 32, policy);
    QVERIFY(changed.error);
    QVERIFY2(changed.error->message.contains(fingerprint(*other)) &&
                 changed.error->message.contains(fingerprint(*known)),
             qPrintable(changed.error->message));
}

void TestSshHostKeyTrust::knownHostsCanAddUnknownHosts()
{
    auto sshd = server();
    QVERIFY(sshd);
    const QString file = m_dir.filePath(QStringLiteral("known_hosts_new"));
    auto policy = std::make_shared<KnownHostsHostKeyPolicy>(file, true);
    RecordedSession added = runOnce(*sshd, 1, 40, policy);
    QVERIFY2(added.exit, qPrintable(added.error ? added.error->toString() : "no outcome"));
    QFile hosts(file);
    QVERIFY(hosts.open(QIODevice::ReadOnly));
    QVERIFY(hosts.readAll().contains(HostKey::fromPublicKeyFile(sshd->hostPublicKeyFile())->base64));
    // Now strict: the added entry is what makes it known.
    RecordedSession again = runOnce(*sshd, 1, 40, std::make_shared<KnownHostsHostKeyPolicy>(file));
    QVERIFY(again.exit);
}

void TestSshHostKeyTrust::lineagePinIsAtomicAcrossProcesses()
{
    // Four processes (pin_racer), each with a key of its own, meet the same 100 new lineages
    // at the same moment, as the console and several clonectl would.
    constexpr int kRacers = 4;
    constexpr int kLineages = 100;
    QList<HostKey> keys;
    std::vector<std::unique_ptr<QProcess>> racers;
    for (int i = 0; i < kRacers; ++i) {
        const QString key = OpenSshServer::generateKey(m_dir.path(), QStringLiteral("racer%1").arg(i));
        QVERIFY(!key.isEmpty());
        keys.append(*HostKey::fromPublicKeyFile(key + QStringLiteral(".pub")));
        auto racer = std::make_unique<QProcess>();
        racer->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        racer->start(QCoreApplication::applicationDirPath() + QStringLiteral("/pin_racer"),
                     {m_pins->path(), key + QStringLiteral(".pub"), QString::number(kLineages)});
        QVERIFY(racer->waitForStarted());
        racers.push_back(std::move(racer));
    }
    for (auto &racer : racers)
        racer->write("go\n");
    QList<QByteArray> outcomes;
    for (auto &racer : racers) {
        QVERIFY(racer->waitForFinished(60000));
        QCOMPARE(racer->exitCode(), 0);
        outcomes.append(racer->readAllStandardOutput());
    }
    HostKeyPinStore pins(m_pins->path());
    for (int domid = 1; domid <= kLineages; ++domid) {
        const std::optional<HostKey> pinned = pins.lineagePin(QStringLiteral("race"), domid);
        QVERIFY(pinned);
        int winners = 0;
        for (int i = 0; i < kRacers; ++i) {
            const bool accepted = outcomes[i].split('\n').contains(QByteArray::number(domid) + " accepted");
            // Exactly the racer whose key is pinned accepted; every other saw that pin and refused.
            QVERIFY2(accepted == (*pinned == keys[i]),
                     qPrintable(QStringLiteral("lineage %1, racer %2").arg(domid).arg(i)));
            winners += accepted ? 1 : 0;
        }
        QCOMPARE(winners, 1);
    }
}

QTEST_GUILESS_MAIN(TestSshHostKeyTrust)
#include "tst_sshhostkeytrust.moc"
