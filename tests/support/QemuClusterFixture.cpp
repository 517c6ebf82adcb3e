#include "QemuClusterFixture.h"

#include "QemuOptions.h"
#include "QemuProcess.h"
#include "TestEnvironment.h"
#include "XenstoreWire.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QThread>

#include <memory>
#include <vector>

namespace clonedeck::test {

namespace {

QString guestImageDir()
{
    return qEnvironmentVariable("CLONEDECK_GUEST_IMAGE_DIR", binDir() + QStringLiteral("/../guest-image"));
}

QJsonObject parseObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

QString QemuClusterFixture::start(const Options &options)
{
    m_options = options;
    QFile config(configPath());
    if (!config.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write ") + configPath();
    QString clusters;
    for (int i = 0; i < options.masters; ++i) {
        clusters += QStringLiteral("[cluster:%1]\nmaster_vcpus=1\nmaster_memory_mb=%2\n\n")
                        .arg(i == 0 ? QStringLiteral("default") : QStringLiteral("c%1").arg(i))
                        .arg(options.masterMemoryMb);
    }
    QString disk;
    if (!options.disk.isEmpty())
        disk = QStringLiteral("disk=%1\nkernel=%2/vmlinuz\ninitrd=%2/initrd.img\n")
                   .arg(options.disk, guestImageDir());
    config.write(QStringLiteral("[platform]\nbackend=qemu\n\n%1"
                                "[qemu]\nimage_dir=%2\naccelerator=%3\nstop_vms_on_exit=true\n"
                                "boot_timeout_ms=%4\n%5%6")
                     .arg(clusters, guestImageDir(), options.accelerator)
                     .arg(options.bootTimeoutMs)
                     .arg(disk, options.extraQemuConfig)
                     .toUtf8());
    config.close();
    PlatformFixture::Options platformOptions;
    platformOptions.hosts = options.hosts;
    platformOptions.extraArgs = {QStringLiteral("--config"), configPath()};
    platformOptions.startTimeoutMs = options.bootTimeoutMs;
    if (QString failed = m_platform.start(platformOptions); !failed.isEmpty())
        return failed;
    return waitForMasters(options.bootTimeoutMs);
}

QString QemuClusterFixture::restart()
{
    if (QString failed = m_platform.restart(); !failed.isEmpty())
        return failed;
    return waitForMasters(m_options.bootTimeoutMs);
}

QString QemuClusterFixture::waitForMasters(int timeoutMs)
{
    // The platform answers at once; the masters' VMs boot meanwhile (asynchronously), then their records
    // say running with their addresses.
    QDeadlineTimer deadline(timeoutMs);
    QStringList states;
    while (!deadline.hasExpired()) {
        QList<Vm> running;
        states.clear();
        for (const QJsonObject &domain : domains()) {
            if (domain.value(QStringLiteral("role")).toString() != QLatin1String("master"))
                continue;
            states.append(domain.value(QStringLiteral("state")).toString());
            if (states.last() == QLatin1String("running"))
                running.append(vmFrom(domain));
        }
        if (running.size() == m_options.masters) {
            m_masters = running;
            const CommandResult hosts =
                m_platform.clonectl({QStringLiteral("--json"), QStringLiteral("hosts")});
            const QJsonArray array = QJsonDocument::fromJson(hosts.out).array();
            m_accelerator = array.isEmpty()
                                ? QString()
                                : array.first().toObject().value(QStringLiteral("accelerator")).toString();
            // Running means their SSH server answered the platform's banner probe; a session needs the
            // client key in authorized_keys too. A failed session is retried (with a backoff, while the
            // deadline lasts) and its reason reported.
            QString why;
            for (int attempt = 0; attempt < 3 && !deadline.hasExpired(); ++attempt) {
                const QList<int> answered = sshAll(m_masters, QStringLiteral("echo ok"));
                if (answered.count(0) == answered.size())
                    return {};
                const CommandResult probe = ssh(m_masters.first(), QStringLiteral("echo ok"));
                why = QStringLiteral("exit %1: %2").arg(probe.exitCode).arg(QString::fromUtf8(probe.err));
                QThread::msleep(1000 << attempt);
            }
            return QStringLiteral("masters are running but SSH fails (%1)").arg(why);
        }
        QThread::msleep(100); // the interval of a poll with a deadline: another process's state
    }
    return QStringLiteral("the masters did not run in time (states: %1); clonedeckd said: %2")
        .arg(states.join(QLatin1Char(',')), QString::fromUtf8(m_platform.daemonOutput().right(3000)));
}

QStringList QemuClusterFixture::sshArguments(const Vm &vm, const QString &command) const
{
    // One alias per lineage: the first contact pins the master's key, every clone of it must present the
    // same one (accept-new refuses a changed key).
    return {QStringLiteral("-i"),
            m_platform.clientKey(),
            QStringLiteral("-p"),
            QString::number(vm.sshPort),
            QStringLiteral("-o"),
            QStringLiteral("BatchMode=yes"),
            QStringLiteral("-o"),
            QStringLiteral("IdentitiesOnly=yes"),
            QStringLiteral("-o"),
            QStringLiteral("StrictHostKeyChecking=accept-new"),
            QStringLiteral("-o"),
            QStringLiteral("UserKnownHostsFile=") + m_platform.runDir() + QStringLiteral("/known_hosts"),
            QStringLiteral("-o"),
            QStringLiteral("HostKeyAlias=clonedeck-lineage-%1").arg(vm.master),
            QStringLiteral("-o"),
            QStringLiteral("ConnectTimeout=20"),
            QStringLiteral("-o"),
            QStringLiteral("LogLevel=ERROR"),
            QStringLiteral("root@") + vm.sshHost,
            command};
}

CommandResult QemuClusterFixture::ssh(const Vm &vm, const QString &command, int timeoutMs) const
{
    return m_platform.run(QStringLiteral("ssh"), sshArguments(vm, command),
                          QProcessEnvironment::systemEnvironment(), {}, timeoutMs);
}

void QemuClusterFixture::startSsh(QProcess &session, const Vm &vm, const QString &command) const
{
    session.start(QStringLiteral("ssh"), sshArguments(vm, command));
}

QList<int> QemuClusterFixture::sshAll(const QList<Vm> &vms, const QString &command, int timeoutMs) const
{
    std::vector<std::unique_ptr<QProcess>> clients;
    for (const Vm &vm : vms) {
        clients.push_back(std::make_unique<QProcess>());
        clients.back()->start(QStringLiteral("ssh"), sshArguments(vm, command));
    }
    QList<int> codes;
    QDeadlineTimer deadline(timeoutMs);
    for (const auto &client : clients) {
        const bool finished = client->waitForFinished(int(std::max<qint64>(1, deadline.remainingTime())));
        if (!finished)
            client->kill();
        codes.append(finished && client->exitStatus() == QProcess::NormalExit ? client->exitCode() : -1);
    }
    return codes;
}

QString QemuClusterFixture::xenstoreReadInGuest(const Vm &vm, const QString &path) const
{
    // The request leaves as printf's octal escapes (busybox's printf writes any byte), the reply
    // comes back as od's hex: the guest needs nothing but busybox.
    const QByteArray request =
        xswire::encode(xswire::Message{quint32(xswire::Type::Read), 1, 0, xswire::pathPayload(path)});
    QString escaped;
    for (const char byte : request)
        escaped += QStringLiteral("\\%1").arg(uint(quint8(byte)), 3, 8, QLatin1Char('0'));
    const CommandResult result = ssh(
        vm,
        QStringLiteral("exec 3<>/dev/xen/xenbus && printf '%1' >&3 && dd bs=4096 count=1 <&3 2>/dev/null | "
                       "od -An -v -tx1")
            .arg(escaped),
        30000);
    if (result.exitCode != 0)
        return QStringLiteral("ssh failed (%1): %2").arg(result.exitCode).arg(QString::fromUtf8(result.err));
    xswire::MessageReader reader;
    reader.append(QByteArray::fromHex(result.out.simplified().replace(' ', QByteArray())));
    const std::optional<xswire::Message> reply = reader.next();
    if (!reply)
        return QStringLiteral("no whole reply: %1").arg(QString::fromUtf8(result.out));
    if (reply->kind() == xswire::Type::Error)
        return QStringLiteral("error ") + QString::fromLatin1(reply->strings().value(0));
    return QString::fromUtf8(reply->payload);
}

QemuClusterFixture::Vm QemuClusterFixture::vmFrom(const QJsonObject &domain)
{
    Vm vm;
    vm.domid = domain.value(QStringLiteral("domid")).toInt();
    vm.master = domain.value(QStringLiteral("master")).toString().toInt();
    vm.ip = domain.value(QStringLiteral("ip")).toString();
    vm.sshHost = domain.value(QStringLiteral("ssh_host")).toString(vm.ip);
    vm.sshPort = quint16(domain.value(QStringLiteral("ssh_port"))
                             .toString(domain.value(QStringLiteral("port")).toString())
                             .toUInt());
    return vm;
}

QemuClusterFixture::Clones QemuClusterFixture::clone(int count, int timeoutMs)
{
    Clones clones;
    const CommandResult rt =
        m_platform.clonectl({QStringLiteral("rt"), QString::number(count), QStringLiteral("1"),
                             QString::number(m_options.masterMemoryMb), QStringLiteral("60000")},
                            master().domid);
    clones.ticket = QString::fromUtf8(rt.out).section(QLatin1Char(' '), 1, 1).trimmed();
    if (rt.exitCode != 0 || clones.ticket.isEmpty()) {
        clones.error = QStringLiteral("rt failed: ") + QString::fromUtf8(rt.out + rt.err);
        return clones;
    }
    const CommandResult cloned =
        m_platform.clonectl({QStringLiteral("clone"), clones.ticket}, master().domid, timeoutMs);
    if (cloned.exitCode != 0) {
        clones.error = QStringLiteral("clone failed: ") + QString::fromUtf8(cloned.out + cloned.err);
        return clones;
    }
    const CommandResult ltd =
        m_platform.clonectl({QStringLiteral("--json"), QStringLiteral("ltd"), clones.ticket});
    for (const QJsonValue &value : parseObject(ltd.out).value(QStringLiteral("clones")).toArray())
        clones.vms.append(vmFrom(value.toObject()));
    if (clones.vms.size() != count)
        clones.error =
            QStringLiteral("ltd lists %1 clones: %2").arg(clones.vms.size()).arg(QString::fromUtf8(ltd.out));
    return clones;
}

QMap<int, QJsonObject> QemuClusterFixture::domains() const
{
    QMap<int, QJsonObject> byDomid;
    const CommandResult listed = m_platform.clonectl({QStringLiteral("--json"), QStringLiteral("domains")});
    for (const QJsonValue &value : QJsonDocument::fromJson(listed.out).array())
        byDomid.insert(value.toObject().value(QStringLiteral("domid")).toInt(), value.toObject());
    return byDomid;
}

QList<qint64> QemuClusterFixture::qemuProcesses() const
{
    return QemuProcess::findByMarker(m_platform.runDir() + QStringLiteral("/qemu/"));
}

qint64 QemuClusterFixture::qemuProcess(int domid) const
{
    const QList<qint64> found =
        QemuProcess::findByMarker(m_platform.runDir() + QStringLiteral("/qemu/%1/").arg(domid));
    return found.isEmpty() ? 0 : found.first();
}

QStringList QemuClusterFixture::ramFiles() const
{
    QemuOptions options;
    options.runDir = m_platform.runDir();
    options.resolveDefaults(binDir());
    return QDir(options.ramDir).entryList(QDir::Files);
}

qint64 QemuClusterFixture::pssKiB(qint64 pid)
{
    QFile rollup(QStringLiteral("/proc/%1/smaps_rollup").arg(pid));
    if (!rollup.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : rollup.readAll().split('\n')) {
        if (line.startsWith("Pss:"))
            return line.mid(4).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace clonedeck::test
