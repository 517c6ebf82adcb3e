// The QEMU backend's parts that need no booted guest: the private network's
// addressing, options, command lines, sparse RAM copies, the frame switch (real
// unix datagram sockets), the QMP client against a real QEMU without a guest
// (-M none starts in milliseconds), process adoption, and the accelerator
// probe's fallback and deadline.
#include "AcceleratorProbe.h"
#include "CloneIdentityChannel.h"
#include "FrameSwitch.h"
#include "PrivateNetwork.h"
#include "QemuCommandLine.h"
#include "QemuOptions.h"
#include "QemuProcess.h"
#include "QmpClient.h"
#include "RamSnapshot.h"
#include "TestEnvironment.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace clonedeck;

namespace {

// A VM's end of the private network, as QEMU's dgram netdev binds it.
class DatagramPeer
{
public:
    explicit DatagramPeer(const QString &path)
        : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_un address = unixAddress(path);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address));
    }
    ~DatagramPeer() { ::close(m_fd); }

    static sockaddr_un unixAddress(const QString &path)
    {
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray bytes = QFile::encodeName(path);
        std::memcpy(address.sun_path, bytes.constData(), size_t(bytes.size()));
        return address;
    }
    void sendFrame(const QString &switchPath, const QByteArray &destination, const QByteArray &source) const
    {
        QByteArray frame = destination + source + QByteArray("\x08\x00", 2) + QByteArray(46, 'x');
        sockaddr_un to = unixAddress(switchPath);
        ::sendto(m_fd, frame.constData(), size_t(frame.size()), 0, reinterpret_cast<sockaddr *>(&to),
                 sizeof(to));
    }
    int receivedFrames()
    {
        char buffer[2048];
        while (::recv(m_fd, buffer, sizeof(buffer), MSG_DONTWAIT) > 0)
            ++m_received;
        return m_received;
    }

private:
    QString m_path;
    int m_fd = -1;
    int m_received = 0;
};

QString qemuBinary()
{
    return QStringLiteral("qemu-system-x86_64");
}

// QEMU with no guest at all: a real QMP server for protocol tests.
std::unique_ptr<QProcess> startBareQemu(const QString &qmpPath)
{
    auto qemu = std::make_unique<QProcess>();
    qemu->start(qemuBinary(),
                {QStringLiteral("-M"), QStringLiteral("none"), QStringLiteral("-nodefaults"),
                 QStringLiteral("-display"), QStringLiteral("none"), QStringLiteral("-S"),
                 QStringLiteral("-qmp"), QStringLiteral("unix:%1,server=on,wait=off").arg(qmpPath)});
    return qemu;
}

} // namespace

class TestQemuParts : public QObject
{
    Q_OBJECT

private slots:
    void privateNetworkDerivesAddressesFromLoopback()
    {
        const auto network = PrivateNetwork::parse(QStringLiteral("10.77.0.0/16"));
        QVERIFY(network);
        QCOMPARE(network->addressFor(QStringLiteral("127.93.4.7")), QStringLiteral("10.77.4.7"));
        QCOMPARE(network->addressWithPrefixFor(QStringLiteral("127.93.4.7")), QStringLiteral("10.77.4.7/16"));
        QCOMPARE(network->macFor(QStringLiteral("127.93.4.7")), QStringLiteral("52:54:0a:4d:04:07"));
        QCOMPARE(network->hostPattern(), QStringLiteral("10.77.*.*"));
        QCOMPARE(network->netmask(), QStringLiteral("255.255.0.0"));
        QCOMPARE(PrivateNetwork::parse(QStringLiteral("10.0.0.0/8"))->hostPattern(),
                 QStringLiteral("10.*.*.*"));
        for (const char *bad : {"10.77.0.0/24", "10.77.0.0", "fe80::/16", "ten/16", "10.77.0.0/7"})
            QVERIFY2(!PrivateNetwork::parse(QLatin1String(bad)), bad);
    }

    // The guest's clonedeck-identity checks every line before it applies anything (--check: the same parser,
    // nothing applied); the host's line is one it accepts.
    void identityHelperRefusesMalformedLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("answer");
        const QByteArray good =
            CloneIdentityChannel::line({QStringLiteral("52:54:0a:4d:03:09"), QStringLiteral("10.77.3.9"),
                                        QStringLiteral("255.255.0.0"), 1764567890123456789});
        QTest::newRow("the host's line") << good << QByteArray("ok");
        QTest::newRow("group MAC") << QByteArray(
                                          "identity 53:54:0a:4d:03:09 10.77.3.9 255.255.0.0 1764567890.0\n")
                                   << QByteArray("error malformed MAC");
        QTest::newRow("network address")
            << QByteArray("identity 52:54:0a:4d:03:09 10.77.0.0 255.255.0.0 1764567890.123456789\n")
            << QByteArray("error address is not a host address");
        QTest::newRow("holey netmask")
            << QByteArray("identity 52:54:0a:4d:03:09 10.77.3.9 255.0.255.0 1764567890.123456789\n")
            << QByteArray("error netmask is not a contiguous");
        QTest::newRow("time before 2020")
            << QByteArray("identity 52:54:0a:4d:03:09 10.77.3.9 255.255.0.0 1000000000.000000000\n")
            << QByteArray("error malformed time");
        QTest::newRow("extra field") << QByteArray(good).replace('\n', " ; reboot\n")
                                     << QByteArray("error expected:");
        QTest::newRow("too long") << QByteArray(400, 'x') + '\n' << QByteArray("error line too long");
    }

    void identityHelperRefusesMalformedLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, answer);
        QProcess helper;
        helper.start(test::binDir() + QStringLiteral("/../libexec/clonedeck-identity"),
                     {QStringLiteral("--check")});
        QVERIFY(helper.waitForStarted());
        helper.write(line);
        helper.closeWriteChannel();
        QVERIFY(helper.waitForFinished(10000));
        QCOMPARE(helper.exitCode(), 0);
        const QByteArray out = helper.readAllStandardOutput();
        QVERIFY2(out.startsWith(answer) && out.count('\n') == 1, out.constData());
    }

    void optionsRejectWhatTheyDoNotKnow()
    {
        QemuOptions defaults;
        QCOMPARE(QemuOptions::load({{QStringLiteral("kernal"), QStringLiteral("x")}}, defaults).error().code,
                 EINVAL);
        QCOMPARE(QemuOptions::load({{QStringLiteral("boot_timeout_ms"), QStringLiteral("-5")}}, defaults)
                     .error()
                     .code,
                 EINVAL);
        QCOMPARE(QemuOptions::load({{QStringLiteral("stop_vms_on_exit"), QStringLiteral("maybe")}}, defaults)
                     .error()
                     .code,
                 EINVAL);
        const auto loaded = QemuOptions::load({{QStringLiteral("stop_vms_on_exit"), QStringLiteral("true")},
                                               {QStringLiteral("accelerator"), QStringLiteral("tcg")}},
                                              defaults);
        QVERIFY(loaded);
        QVERIFY(loaded->stopVmsOnExit);
        QCOMPARE(loaded->accelerator, QStringLiteral("tcg"));

        QTemporaryDir dir;
        QemuOptions options = *loaded;
        options.runDir = dir.path();
        options.imageDir = dir.path() + QStringLiteral("/no-image");
        options.resolveDefaults(dir.path());
        const Status missing = options.validate();
        QCOMPARE(missing.error().code, ENOENT);
        QVERIFY2(missing.error().message.contains(QStringLiteral("make guest-image")),
                 qPrintable(missing.error().message));
        options.accelerator = QStringLiteral("fast");
        QCOMPARE(options.validate().error().code, EINVAL);

        for (const char *bad : {"0", "65536", "9989;rm", "-1", "a,1"})
            QVERIFY2(
                !QemuOptions::load({{QStringLiteral("guest_forward_ports"), QLatin1String(bad)}}, defaults),
                bad);
        const auto ports = QemuOptions::load(
            {{QStringLiteral("guest_forward_ports"), QStringLiteral("9989, 8010")}}, defaults);
        QVERIFY(ports);
        QCOMPARE(ports->guestForwardPorts, (QList<quint16>{9989, 8010}));
    }

    void commandLinesOfMasterAndClone()
    {
        QemuMachineSpec spec;
        spec.ramPath = QStringLiteral("/dev/shm/a,b/1.ram");
        spec.kernel = QStringLiteral("/img/vmlinuz");
        spec.kernelAppend = QStringLiteral("console=ttyS0");
        spec.sshHost = QStringLiteral("127.93.0.1");
        const QStringList master = QemuCommandLine::arguments(spec);
        QVERIFY(master.contains(QStringLiteral("-kernel")));
        QVERIFY(!master.contains(QStringLiteral("-incoming")));
        QVERIFY(master.contains(
            QStringLiteral("memory-backend-file,id=ram0,size=256M,mem-path=/dev/shm/a,,b/1.ram,share=on")));
        QVERIFY(master.contains(QStringLiteral("user,id=n0,restrict=on,hostfwd=tcp:127.93.0.1:22-:22")));
        spec.guestForwardPorts = {9989};
        QVERIFY(QemuCommandLine::arguments(spec).contains(
            QStringLiteral("user,id=n0,restrict=on,hostfwd=tcp:127.93.0.1:22-:22,guestfwd=tcp:10.0.2.100:"
                           "9989-cmd:nc 127.0.0.1 9989")));

        spec.incoming = true;
        spec.sharedRam = false;
        const QStringList clone = QemuCommandLine::arguments(spec);
        QVERIFY(!clone.contains(QStringLiteral("-kernel"))); // a clone resumes, it does not boot
        QCOMPARE(clone.at(clone.indexOf(QStringLiteral("-incoming")) + 1), QStringLiteral("defer"));
        QVERIFY(clone.contains(
            QStringLiteral("memory-backend-file,id=ram0,size=256M,mem-path=/dev/shm/a,,b/1.ram,share=off")));
        QCOMPARE(QemuCommandLine::probeArguments(QStringLiteral("kvm"), QStringLiteral("k"), {})
                     .join(QLatin1Char(' '))
                     .contains(QStringLiteral("-accel kvm -cpu host")),
                 true);
    }

    void ramSnapshotCopiesOnlyWhatTheGuestUsed()
    {
        QTemporaryDir dir;
        const QString source = dir.filePath(QStringLiteral("master.ram"));
        const qint64 size = 64 << 20;
        {
            QFile file(source);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(size));
            for (qint64 offset : {qint64(0), qint64(20) << 20, size - 4096}) {
                file.seek(offset);
                file.write(QByteArray(4096, char('a' + offset % 23)));
            }
            file.seek(qint64(30) << 20); // memory the guest freed: zeros, but allocated in the file
            file.write(QByteArray(1 << 20, '\0'));
        }
        const QString state = dir.filePath(QStringLiteral("snap.state"));
        const QString copy = dir.filePath(QStringLiteral("snap.ram"));
        {
            RamSnapshot snapshot(state, copy);
            QFile(state).open(QIODevice::WriteOnly);
            const auto copied = RamSnapshot::copySparse(source, copy);
            QVERIFY2(copied, qPrintable(copied ? QString() : copied.error().toString()));
            QCOMPARE(*copied, qint64(3 * 4096)); // neither holes nor pages of zeros are copied
            QFile a(source), b(copy);
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QCOMPARE(b.size(), size);
            QVERIFY(a.readAll() == b.readAll());
            struct stat info
            {
            };
            QCOMPARE(::stat(QFile::encodeName(copy).constData(), &info), 0);
            QVERIFY2(info.st_blocks * 512 <= 3 * 4096 + 4096, "the copy stays sparse");
        }
        QVERIFY2(!QFileInfo::exists(copy) && !QFileInfo::exists(state),
                 "the last holder unlinks the snapshot");
        QCOMPARE(RamSnapshot::copySparse(dir.filePath(QStringLiteral("none")), copy).error().code, ENOENT);
    }

    void frameSwitchForwardsByMacAndDropsSpoofing()
    {
        QTemporaryDir dir;
        FrameSwitch network(dir.filePath(QStringLiteral("switch.sock")));
        QVERIFY(network.open());
        DatagramPeer a(dir.filePath(QStringLiteral("a.sock"))), b(dir.filePath(QStringLiteral("b.sock"))),
            c(dir.filePath(QStringLiteral("c.sock"))), stranger(dir.filePath(QStringLiteral("x.sock")));
        const QString macA = QStringLiteral("52:54:0a:4d:00:01"), macB = QStringLiteral("52:54:0a:4d:00:02"),
                      macC = QStringLiteral("52:54:0a:4d:00:03");
        QVERIFY(network.addPort(dir.filePath(QStringLiteral("a.sock")), macA));
        QVERIFY(network.addPort(dir.filePath(QStringLiteral("b.sock")), macB));
        QVERIFY(network.addPort(dir.filePath(QStringLiteral("c.sock")), macC));
        QCOMPARE(network.addPort(dir.filePath(QStringLiteral("x.sock")), macB).error().code, EEXIST);
        QCOMPARE(network.addPort(dir.filePath(QStringLiteral("x.sock")), QStringLiteral("01:00:5e:00:00:01"))
                     .error()
                     .code,
                 EINVAL);
        const QString path = network.socketPath();

        a.sendFrame(path, FrameSwitch::parseMac(macB), FrameSwitch::parseMac(macA)); // unicast A -> B
        QTRY_COMPARE_WITH_TIMEOUT(b.receivedFrames(), 1, 5000);
        a.sendFrame(path, QByteArray(6, '\xff'), FrameSwitch::parseMac(macA)); // broadcast
        QTRY_COMPARE_WITH_TIMEOUT(c.receivedFrames(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(b.receivedFrames(), 2, 5000);
        a.sendFrame(path, FrameSwitch::parseMac(macC), FrameSwitch::parseMac(macB)); // A wearing B's MAC
        stranger.sendFrame(path, FrameSwitch::parseMac(macC), FrameSwitch::parseMac(macA));
        QTRY_COMPARE_WITH_TIMEOUT(network.counters().droppedSpoofed + network.counters().droppedUnknownPort,
                                  quint64(2), 5000);
        QCOMPARE(network.counters().droppedSpoofed, quint64(1));
        QCOMPARE(c.receivedFrames(), 1);
        QCOMPARE(a.receivedFrames(), 0); // never its own broadcast back

        network.removePort(dir.filePath(QStringLiteral("b.sock")));
        a.sendFrame(path, FrameSwitch::parseMac(macB), FrameSwitch::parseMac(macA));
        a.sendFrame(path, FrameSwitch::parseMac(macC), FrameSwitch::parseMac(macA));
        QTRY_COMPARE_WITH_TIMEOUT(c.receivedFrames(), 2, 5000);
        QCOMPARE(b.receivedFrames(), 2);
    }

    void qmpTalksToRealQemuAndPassesDescriptors()
    {
        QTemporaryDir dir;
        const QString socket = dir.filePath(QStringLiteral("qmp.sock"));
        auto qemu = startBareQemu(socket);
        QVERIFY(qemu->waitForStarted(10000));
        QmpClient qmp;
        QSignalSpy ready(&qmp, &QmpClient::ready);
        qmp.connectTo(socket, 20000);
        QVERIFY(ready.wait(20000));

        std::optional<Result<QJsonValue>> status, unknown, passed;
        qmp.execute(QStringLiteral("query-status"), {}, this,
                    [&](const Result<QJsonValue> &r) { status = r; });
        qmp.execute(QStringLiteral("no-such-command"), {}, this,
                    [&](const Result<QJsonValue> &r) { unknown = r; });
        const int fd = ::open(QFile::encodeName(dir.filePath(QStringLiteral("f"))).constData(),
                              O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        qmp.execute(
            QStringLiteral("getfd"), {{QStringLiteral("fdname"), QStringLiteral("test")}}, this,
            [&](const Result<QJsonValue> &r) { passed = r; }, fd);
        ::close(fd);
        QTRY_VERIFY_WITH_TIMEOUT(status && unknown && passed, 10000);
        QVERIFY(*status);
        QCOMPARE((*status)->toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("prelaunch"));
        QVERIFY(!*unknown);
        QVERIFY2(unknown->error().message.contains(QStringLiteral("no-such-command")),
                 qPrintable(unknown->error().message));
        QVERIFY2(*passed, "getfd received the descriptor");

        QSignalSpy failed(&qmp, &QmpClient::failed);
        qemu->kill();
        QVERIFY(failed.wait(10000));
        std::optional<Result<QJsonValue>> late;
        qmp.execute(QStringLiteral("query-status"), {}, this, [&](const Result<QJsonValue> &r) { late = r; });
        QTRY_VERIFY_WITH_TIMEOUT(late.has_value(), 5000);
        QCOMPARE(late->error().code, ENOTCONN);
    }

    void qmpGivesUpWhenNothingListens()
    {
        QTemporaryDir dir;
        QmpClient qmp;
        QSignalSpy failed(&qmp, &QmpClient::failed);
        QElapsedTimer timer;
        timer.start();
        qmp.connectTo(dir.filePath(QStringLiteral("never.sock")), 300);
        QVERIFY(failed.wait(5000));
        QVERIFY(timer.elapsed() >= 290);
        QCOMPARE(failed.first().first().value<Error>().code, ENOENT);
    }

    void processIsAdoptedByItsMarkerAndTerminated()
    {
        QTemporaryDir dir;
        const QString marker = dir.path() + QStringLiteral("/7/");
        QDir().mkpath(marker);
        QemuProcess started(marker);
        QVERIFY(started.start(qemuBinary(),
                              {QStringLiteral("-M"), QStringLiteral("none"), QStringLiteral("-nodefaults"),
                               QStringLiteral("-display"), QStringLiteral("none"), QStringLiteral("-S"),
                               QStringLiteral("-qmp"),
                               QStringLiteral("unix:%1qmp.sock,server=on,wait=off").arg(marker),
                               QStringLiteral("-pidfile"), marker + QStringLiteral("qemu.pid")},
                              marker + QStringLiteral("qemu.log")));
        // Another program naming the VM's directory, as qemu-img does making a clone's overlay there,
        // is not the VM.
        QProcess bystander;
        bystander.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("sleep 30; :"),
                                               marker + QStringLiteral("overlay.qcow2")});
        QVERIFY(bystander.waitForStarted(5000));
        // waitForStarted() may return before the child has exec'd sh: its command line is then empty.
        QTRY_VERIFY_WITH_TIMEOUT(QemuProcess::commandLine(bystander.processId()).contains(marker), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(QemuProcess::findByMarker(marker), QList<qint64>{started.pid()}, 10000);

        QemuProcess adopted(marker); // as a restarted clonedeckd would: from nothing but the marker
        QVERIFY(adopted.adopt(0));
        QCOMPARE(adopted.pid(), started.pid());
        QemuProcess wrong(dir.path() + QStringLiteral("/8/"));
        QCOMPARE(wrong.adopt(started.pid()).error().code,
                 ESRCH); // a pid is not enough: the command line must match
        QemuProcess notQemu(marker);
        QVERIFY(notQemu.adopt(bystander.processId())); // not taken: the VM is found by its pid file instead
        QCOMPARE(notQemu.pid(), started.pid());
        bystander.kill();
        bystander.waitForFinished(5000);

        QSignalSpy exited(&started, &QemuProcess::exited);
        bool done = false;
        adopted.terminate(2000, this, [&] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY(exited.wait(5000) || exited.count() == 1);
        QVERIFY(QemuProcess::findByMarker(marker).isEmpty());
    }

    void acceleratorFallsBackWhenKvmCannotRunTheGuest()
    {
        QemuOptions options;
        options.accelerator = QStringLiteral("auto");
        options.imageDir = QString::fromLocal8Bit(qgetenv("CLONEDECK_GUEST_IMAGE_DIR"));
        if (QFileInfo::exists(QStringLiteral("/dev/kvm")) && ::access("/dev/kvm", R_OK | W_OK) == 0 &&
            !QFileInfo::exists(options.kernelPath()))
            QSKIP("KVM is usable here and there is no guest image to probe it with");
        QElapsedTimer timer;
        timer.start();
        const auto chosen = AcceleratorProbe::choose(options);
        QVERIFY(chosen);
        if (chosen->accelerator == QLatin1String("kvm"))
            QSKIP("this machine's KVM runs the guest; the fallback cannot be observed");
        QCOMPARE(chosen->accelerator, QStringLiteral("tcg"));
        QVERIFY(!chosen->reason.isEmpty());
        QVERIFY(timer.elapsed() < options.probeTimeoutMs + 10000); // bounded, even on a broken KVM
        options.accelerator = QStringLiteral("kvm");
        QCOMPARE(AcceleratorProbe::choose(options).error().code, ENODEV);
    }

    void bootProbeNeverOutlivesItsDeadline()
    {
        const QString image = QString::fromLocal8Bit(qgetenv("CLONEDECK_GUEST_IMAGE_DIR"));
        QVERIFY2(QFileInfo::exists(image + QStringLiteral("/vmlinuz")),
                 "the guest image is built for these tests");
        QElapsedTimer timer;
        timer.start();
        // No guest boots to user space in 200 ms on TCG: this is a hanging accelerator as the probe sees it.
        const Status probed = AcceleratorProbe::bootProbe(qemuBinary(), QStringLiteral("tcg"),
                                                          image + QStringLiteral("/vmlinuz"),
                                                          image + QStringLiteral("/initrd.img"), 200);
        QCOMPARE(probed.error().code, ETIMEDOUT);
        QVERIFY2(timer.elapsed() < 8000, "the probe kills QEMU at its deadline");
    }
};

QTEST_GUILESS_MAIN(TestQemuParts)
#include "test_qemu_parts.moc"
