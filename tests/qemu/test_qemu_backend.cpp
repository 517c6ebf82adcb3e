// The QEMU backend in a real clonedeckd with real VMs (KVM where it runs the
// guest, TCG here): one master boot shared by every case, in order. Fork-style
// clones hold the master's memory of the instant of `clone`, answer SSH on their
// own loopback forwards with their master's host key, have their own private
// addresses the master reaches, and each other's writes stay invisible; a join
// ends the clone's QEMU; a clone's memory is mostly shared; clonedeckd killed
// mid-clone and restarted leaves no QEMU process or RAM file behind and adopts
// the running master without rebooting it.
#include "CloneIdentityChannel.h"
#include "PrivateNetwork.h"
#include "ProtocolPaths.h"
#include "QemuClusterFixture.h"
#include "TestEnvironment.h"
#include "UsageRecord.h"
#include "XenstoreConnection.h"

#include <QDateTime>

#include <optional>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck::test;

class TestQemuBackend : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // A disk image too (the guest sees /dev/vda): each VM writes its own qcow2 overlay of it.
        QVERIFY(m_diskDir.isValid());
        m_disk = m_diskDir.filePath(QStringLiteral("data.raw"));
        QCOMPARE(QProcess::execute(QStringLiteral("qemu-img"),
                                   {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"),
                                    QStringLiteral("raw"), m_disk, QStringLiteral("8M")}),
                 0);
        QemuClusterFixture::Options options;
        options.disk = m_disk;
        const QString failed = m_cluster.start(options);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        qInfo("accelerator: %s", qPrintable(m_cluster.accelerator()));
    }

    void masterAnswersSshOnItsLoopbackForward()
    {
        QVERIFY(m_cluster.master().sshHost.startsWith(QStringLiteral("127.")));
        QVERIFY2(!m_cluster.master().ip.startsWith(QStringLiteral("127.")), "ip is the private network's");
        const CommandResult uname = m_cluster.ssh(m_cluster.master(), QStringLiteral("uname -r"));
        QCOMPARE(uname.exitCode, 0);
        QVERIFY2(uname.out.contains("-amd64"), uname.out.constData()); // Debian's kernel
        const QString accelerator = m_cluster.accelerator();
        QVERIFY2(accelerator == QLatin1String("tcg") || accelerator == QLatin1String("kvm"),
                 qPrintable(accelerator));
        // The guest's own xenstore channel (its virtio-serial port, the host end its endpoint on the
        // bridge): a relative path is its own domain's; another domain's subtree is refused.
        QCOMPARE(m_cluster.xenstoreReadInGuest(m_cluster.master(), QStringLiteral("domid")),
                 QString::number(m_cluster.master().domid));
        QCOMPARE(m_cluster.xenstoreReadInGuest(m_cluster.master(), QStringLiteral("/local/domain/0/domid")),
                 QStringLiteral("error EACCES"));
        const CommandResult hosts = m_cluster.platform().clonectl({QStringLiteral("hosts")});
        QVERIFY2(hosts.out.contains("backend qemu accelerator " + accelerator.toUtf8()),
                 hosts.out.constData());
    }

    void threeClonesAreForksOfTheMaster()
    {
        const QByteArray token = QByteArray::number(QRandomGenerator::global()->generate64(), 16);
        // In memory and on the disk, just before the clone.
        QCOMPARE(m_cluster
                     .ssh(m_cluster.master(),
                          QStringLiteral(
                              "echo %1 > /root/token && echo %1 | dd of=/dev/vda conv=fsync 2>/dev/null")
                              .arg(QString::fromLatin1(token)))
                     .exitCode,
                 0);
        auto clones = m_cluster.clone(3);
        QVERIFY2(clones.error.isEmpty(), qPrintable(clones.error));
        m_clones = clones.vms;
        m_ticket = clones.ticket;
        QSet<QString> forwards;
        for (const auto &clone : std::as_const(m_clones)) {
            forwards.insert(clone.sshHost + QLatin1Char(':') + QString::number(clone.sshPort));
            // Its own forward, its master's key (the known_hosts alias), the master's memory.
            const CommandResult held = m_cluster.ssh(
                clone, QStringLiteral("cat /root/token; head -n 1 /dev/vda; ip -4 addr show eth1; date +%s"));
            QCOMPARE(held.exitCode, 0);
            const QList<QByteArray> lines = held.out.split('\n');
            QCOMPARE(lines.first(), token);
            // The master's disk as it was at the capture.
            QVERIFY2(lines.at(1) == token, (held.out + held.err).constData());
            QVERIFY2(held.out.contains("inet " + clone.ip.toUtf8() + '/'), held.out.constData());
            // The clock was set on resume.
            const qint64 guestNow = lines.at(lines.size() - 2).trimmed().toLongLong();
            QVERIFY2(std::abs(guestNow - QDateTime::currentSecsSinceEpoch()) <= 5, held.out.constData());
            // Its xenstore channel is its own: the bridge gave it an endpoint of its own at the fork.
            QCOMPARE(m_cluster.xenstoreReadInGuest(clone, QStringLiteral("domid")),
                     QString::number(clone.domid));
        }
        QCOMPARE(forwards.size(), 3);
    }

    void cloneIdentityComesFromTheResidentHelper()
    {
        QVERIFY(m_clones.size() == 3);
        const auto &clone = m_clones[0];
        const auto network = clonedeck::PrivateNetwork::parse(QStringLiteral("10.77.0.0/16"));
        const QString mac = network->macFor(clone.sshHost);
        // Its own MAC (address and clock: above), and the helper still waits for lines: a clone of a clone
        // resumes in its read too.
        const CommandResult held =
            m_cluster.ssh(clone, QStringLiteral("cat /sys/class/net/eth1/address; pidof clonedeck-identity"));
        QCOMPARE(held.exitCode, 0);
        QCOMPARE(held.out.split('\n').first(), mac.toUtf8());
        // The host end is the clone's identity pipe: a line is applied (the clock an hour ahead) ...
        const QString pipe =
            m_cluster.platform().runDir() + QStringLiteral("/qemu/%1/identity").arg(clone.domid);
        const qint64 hourAheadNs = (QDateTime::currentMSecsSinceEpoch() + 3600000) * 1000000;
        QCOMPARE(sendIdentity(pipe, {mac, clone.ip, network->netmask(), hourAheadNs}), QString());
        QVERIFY(std::abs(guestClock(clone) - QDateTime::currentSecsSinceEpoch() - 3600) <= 5);
        // ... a malformed one is refused with the helper's reason and changes nothing ...
        const QString refused = sendIdentity(pipe, {mac, clone.ip, QStringLiteral("255.0.255.0"),
                                                    QDateTime::currentMSecsSinceEpoch() * 1000000});
        QVERIFY2(refused.contains(QStringLiteral("netmask is not a contiguous")), qPrintable(refused));
        QVERIFY(std::abs(guestClock(clone) - QDateTime::currentSecsSinceEpoch() - 3600) <= 5);
        // ... and the clock comes back with the next good line.
        QCOMPARE(sendIdentity(pipe, {mac, clone.ip, network->netmask(),
                                     QDateTime::currentMSecsSinceEpoch() * 1000000}),
                 QString());
        QVERIFY(std::abs(guestClock(clone) - QDateTime::currentSecsSinceEpoch()) <= 5);
    }

    void writesInOneCloneStayInIt()
    {
        QVERIFY(m_clones.size() == 3);
        // A file in memory and a block on the disk, each written in one clone only.
        QCOMPARE(m_cluster
                     .ssh(m_clones[0],
                          QStringLiteral("echo mine > /root/only-here && "
                                         "echo mine | dd of=/dev/vda bs=512 seek=8 conv=fsync 2>/dev/null"))
                     .exitCode,
                 0);
        QCOMPARE(m_cluster
                     .ssh(m_clones[0],
                          QStringLiteral("dd if=/dev/vda bs=512 skip=8 count=1 2>/dev/null | head -c 4"))
                     .out,
                 QByteArray("mine"));
        for (const auto &other : {m_clones[1], m_clones[2], m_cluster.master()}) {
            const CommandResult look = m_cluster.ssh(
                other, QStringLiteral("test -e /root/only-here && echo seen || echo absent; "
                                      "dd if=/dev/vda bs=512 skip=8 count=1 2>/dev/null | head -c 4"));
            QCOMPARE(look.out, QByteArray("absent\n\0\0\0\0", 11));
        }
    }

    void masterReachesEachCloneOnThePrivateNetwork()
    {
        QVERIFY(m_clones.size() == 3);
        for (const auto &clone : std::as_const(m_clones)) {
            // The guest's own OpenSSH client, its own key, and the lineage's host key in its known_hosts.
            const CommandResult hop = m_cluster.ssh(
                m_cluster.master(),
                QStringLiteral("ssh -o BatchMode=yes -o ConnectTimeout=20 %1 'ip -4 addr show eth1'")
                    .arg(clone.ip));
            QVERIFY2(hop.exitCode == 0, hop.err.constData());
            QVERIFY2(hop.out.contains("inet " + clone.ip.toUtf8() + '/'), hop.out.constData());
        }
    }

    void cloneMemoryIsMostlyShared()
    {
        QVERIFY(!m_clones.isEmpty());
        const qint64 pid = m_cluster.qemuProcess(m_clones.first().domid);
        QVERIFY(pid > 0);
        const qint64 pss = QemuClusterFixture::pssKiB(pid);
        qInfo("clone PSS: %lld KiB of a %d MiB guest", pss, kTestGuestMemoryMb);
        QVERIFY(pss > 0);
        QVERIFY2(pss < kTestGuestMemoryMb * 1024 / 2, "a clone's proportional memory is well below its RAM");
    }

    void usageOfEachVmIsPublished()
    {
        // QemuVmBackend::sampleUsage, as the console's rows get it: the platform publishes each running
        // VM's QEMU process under /clonedeck/usage/<domid> (one sample a second).
        QVERIFY(!m_clones.isEmpty());
        auto xs = clonedeck::XenstoreConnection::open(m_cluster.platform().socketPath());
        QVERIFY2(xs, qPrintable(xs ? QString() : xs.error().toString()));
        for (const auto &vm : {m_cluster.master(), m_clones.first()}) {
            clonedeck::Result<clonedeck::DomainUsage> usage = clonedeck::Error{ENOENT, {}, {}};
            QTRY_VERIFY_WITH_TIMEOUT((usage = readUsage(**xs, vm.domid)).ok(), 10000);
            QCOMPARE(usage->processes, 1); // its QEMU
            QVERIFY2(usage->rssKb > 0 && usage->pssKb > 0, qPrintable(QString::number(usage->rssKb)));
            QVERIFY(usage->cpuPercent >= 0 && usage->cpuPercent <= 100); // one vCPU
            QVERIFY(std::abs(usage->sampledMs - QDateTime::currentMSecsSinceEpoch()) < 60000);
        }
    }

    void joinEndsTheClonesQemu()
    {
        QVERIFY(!m_clones.isEmpty());
        const auto clone = m_clones.takeLast();
        const qint64 pid = m_cluster.qemuProcess(clone.domid);
        QVERIFY(pid > 0);
        QCOMPARE(m_cluster.platform().clonectl({QStringLiteral("join")}, clone.domid).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_cluster.domains().contains(clone.domid), 20000);
        QVERIFY(
            !QFileInfo::exists(m_cluster.platform().runDir() + QStringLiteral("/qemu/%1").arg(clone.domid)));

        QCOMPARE(m_cluster.platform().clonectl({QStringLiteral("kill"), m_ticket}).exitCode, 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_cluster.qemuProcesses().size(), 1, 20000); // the master's
        const QStringList ram = m_cluster.ramFiles();
        QCOMPARE(ram, QStringList{QStringLiteral("%1.ram").arg(m_cluster.master().domid)});
        m_clones.clear();
    }

    void crashMidCloneLeavesNothingBehind()
    {
        const qint64 masterPid = m_cluster.qemuProcess(m_cluster.master().domid);
        QVERIFY(masterPid > 0);
        QCOMPARE(
            m_cluster.ssh(m_cluster.master(), QStringLiteral("echo before-crash > /root/state")).exitCode, 0);
        const CommandResult rt =
            m_cluster.platform().clonectl({QStringLiteral("rt"), QStringLiteral("5"), QStringLiteral("1"),
                                           QString::number(kTestGuestMemoryMb), QStringLiteral("60000")},
                                          m_cluster.master().domid);
        const QString ticket = QString::fromUtf8(rt.out).section(QLatin1Char(' '), 1, 1).trimmed();
        QVERIFY2(!ticket.isEmpty(), rt.err.constData());
        QProcess clone;
        clone.setProcessEnvironment(m_cluster.platform().environment(m_cluster.master().domid));
        clone.start(binDir() + QStringLiteral("/clonectl"), {QStringLiteral("clone"), ticket});
        // Mid-clone: clones' QEMUs exist, the request has not been answered.
        QTRY_VERIFY2_WITH_TIMEOUT(m_cluster.qemuProcesses().size() > 1,
                                  m_cluster.platform().daemonOutput().right(3000).constData(), 60000);
        QVERIFY2(clone.state() == QProcess::Running, "the clone request was still in flight");
        m_cluster.platform().killHard();
        clone.waitForFinished(30000);

        const QString restarted = m_cluster.restart();
        QVERIFY2(restarted.isEmpty(), qPrintable(restarted));
        // Adopted, not rebooted: the same process, and what the master wrote is still there.
        QCOMPARE(m_cluster.qemuProcess(m_cluster.master().domid), masterPid);
        QCOMPARE(m_cluster.ssh(m_cluster.master(), QStringLiteral("cat /root/state")).out.trimmed(),
                 QByteArray("before-crash"));
        QTRY_COMPARE_WITH_TIMEOUT(m_cluster.qemuProcesses(), QList<qint64>{masterPid}, 30000);
        QCOMPARE(m_cluster.ramFiles(), QStringList{QStringLiteral("%1.ram").arg(m_cluster.master().domid)});
        QCOMPARE(m_cluster.domains().keys(), QList<int>{m_cluster.master().domid});
    }

    void cleanupTestCase()
    {
        m_cluster.platform().stop();
        QCOMPARE(m_cluster.qemuProcesses(), QList<qint64>{}); // stop_vms_on_exit: nothing outlives the test
    }

private:
    // Empty when the clone's helper answered "ok", else the error.
    static QString sendIdentity(const QString &pipe, const clonedeck::CloneIdentity &identity)
    {
        clonedeck::CloneIdentityChannel channel;
        std::optional<clonedeck::Status> answer;
        channel.send(pipe, clonedeck::CloneIdentityChannel::line(identity), 30000,
                     [&answer](const clonedeck::Status &status) { answer = status; });
        if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 35000))
            return QStringLiteral("no answer");
        return *answer ? QString() : answer->error().toString();
    }

    qint64 guestClock(const QemuClusterFixture::Vm &vm)
    {
        return m_cluster.ssh(vm, QStringLiteral("date +%s")).out.trimmed().toLongLong();
    }

    static clonedeck::Result<clonedeck::DomainUsage> readUsage(clonedeck::XenstoreConnection &xs, int domid)
    {
        const auto text = xs.read(clonedeck::protocol::domainUsagePath(domid));
        if (!text)
            return text.error();
        const auto record = clonedeck::Record::parse(*text);
        if (!record)
            return record.error();
        return clonedeck::DomainUsage::fromRecord(domid, *record);
    }

    QTemporaryDir m_diskDir;
    QString m_disk;
    QemuClusterFixture m_cluster;
    QList<QemuClusterFixture::Vm> m_clones;
    QString m_ticket;
};

QTEST_GUILESS_MAIN(TestQemuBackend)
#include "test_qemu_backend.moc"
