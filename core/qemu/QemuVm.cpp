#include "QemuVm.h"

#include "CloneIdentityChannel.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSaveFile>
#include <QTimer>

namespace clonedeck {

namespace {
constexpr int kQuitGraceMs = 3000; // QEMU quits in milliseconds; a wedged one is killed after this
}

QemuVm::QemuVm(int domid, QString directory, QObject *parent)
    : QObject(parent)
    , m_domid(domid)
    , m_directory(std::move(directory))
    , m_process(m_directory + QLatin1Char('/'))
{
    connect(&m_process, &QemuProcess::exited, this, [this] {
        m_qmp.close();
        emit exited(m_domid);
    });
}

Status QemuVm::prepare(const QemuVmFacts &facts)
{
    if (!QDir().mkpath(m_directory) ||
        !QFile::setPermissions(m_directory,
                               QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return Error{EACCES, m_directory, QStringLiteral("cannot create the VM's directory")};
    for (const QString &stale : {qmpPath(), agentPath(), netSocketPath(), file(QStringLiteral("qemu.pid"))})
        QFile::remove(stale);
    if (auto pipes = CloneIdentityChannel::createPipes(identityPipePath()); !pipes)
        return pipes;
    return updateFacts(facts);
}

Status QemuVm::updateFacts(const QemuVmFacts &facts)
{
    m_facts = facts;
    const QJsonObject json{{QStringLiteral("clone"), facts.clone},
                           {QStringLiteral("master"), facts.master},
                           {QStringLiteral("ssh_host"), facts.sshHost},
                           {QStringLiteral("ssh_port"), facts.sshPort},
                           {QStringLiteral("private_address"), facts.privateAddress},
                           {QStringLiteral("private_mac"), facts.privateMac},
                           {QStringLiteral("ram"), facts.ramPath},
                           {QStringLiteral("overlay"), facts.overlayPath},
                           {QStringLiteral("disk_layer"), facts.diskLayer}};
    QSaveFile out(file(QStringLiteral("vm.json")));
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(json).toJson()) < 0 || !out.commit())
        return Error{EIO, out.fileName(), QStringLiteral("cannot write the VM's facts")};
    return Done{};
}

Status QemuVm::loadFacts()
{
    QFile in(file(QStringLiteral("vm.json")));
    if (!in.open(QIODevice::ReadOnly))
        return Error{ENOENT, in.fileName(), QStringLiteral("the VM's facts are gone")};
    const QJsonObject json = QJsonDocument::fromJson(in.read(65536)).object();
    m_facts.clone = json.value(QStringLiteral("clone")).toBool();
    m_facts.master = json.value(QStringLiteral("master")).toInt();
    m_facts.sshHost = json.value(QStringLiteral("ssh_host")).toString();
    m_facts.sshPort = quint16(json.value(QStringLiteral("ssh_port")).toInt());
    m_facts.privateAddress = json.value(QStringLiteral("private_address")).toString();
    m_facts.privateMac = json.value(QStringLiteral("private_mac")).toString();
    m_facts.ramPath = json.value(QStringLiteral("ram")).toString();
    m_facts.overlayPath = json.value(QStringLiteral("overlay")).toString();
    m_facts.diskLayer = json.value(QStringLiteral("disk_layer")).toInt();
    return Done{};
}

Status QemuVm::launch(const QString &program, const QStringList &arguments)
{
    return m_process.start(program, arguments, file(QStringLiteral("qemu.log")));
}

Status QemuVm::adopt()
{
    QFile pidFile(file(QStringLiteral("qemu.pid")));
    const qint64 pid = pidFile.open(QIODevice::ReadOnly) ? pidFile.readAll().trimmed().toLongLong() : 0;
    return m_process.adopt(pid);
}

QString QemuVm::logTail() const
{
    QFile log(file(QStringLiteral("qemu.log")));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    if (log.size() > 600)
        log.seek(log.size() - 600);
    return QString::fromUtf8(log.readAll()).trimmed();
}

void QemuVm::remove(QObject *context, std::function<void()> done)
{
    QPointer<QObject> guard(context);
    const auto finish = [this, guard, done] {
        deleteFiles();
        if (guard)
            done();
    };
    if (m_facts.ramPath.isEmpty())
        loadFacts(); // a domain left by an earlier clonedeckd: its facts say which RAM file is its own
    if (!m_process.isRunning() && !adopt()) {
        QTimer::singleShot(0, this, finish);
        return;
    }
    // SIGTERM: QEMU stops the guest and exits at once; SIGKILL follows if it does not.
    m_process.terminate(kQuitGraceMs, this, finish);
}

void QemuVm::deleteFiles()
{
    m_qmp.close();
    if (!m_facts.ramPath.isEmpty())
        QFile::remove(m_facts.ramPath);
    QDir(m_directory).removeRecursively();
}

} // namespace clonedeck
