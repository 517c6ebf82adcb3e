#include "CloneBringUp.h"

#include "Log.h"
#include "QemuLaunch.h"

#include <QDateTime>
#include <QFile>
#include <QTimer>

#include <fcntl.h>
#include <unistd.h>

namespace clonedeck {

namespace {
constexpr int kIncomingPollMs = 2;
const QString kStateFdName = QStringLiteral("clonedeck-state");
const QString kPrivateNetdev = QStringLiteral("p0");
} // namespace

CloneBringUp::CloneBringUp(const QemuPlatform &platform, QemuDomainPlan plan, QemuVm *vm,
                           SharedRamSnapshot snapshot, QThreadPool *pool, QObject *parent)
    : VmStartup(platform, std::move(plan), vm, pool, platform.options.cloneTimeoutMs, parent)
    , m_snapshot(std::move(snapshot))
{}

Result<QemuMachineSpec> CloneBringUp::machine(QemuMachineSpec spec) const
{
    spec.ramPath = m_snapshot->ramPath();
    spec.sharedRam = false; // copy-on-write: pages the clone does not write stay shared with its siblings
    spec.incoming = true;
    return spec;
}

void CloneBringUp::qmp(const QString &command, const QJsonObject &arguments,
                       std::function<void(const QJsonValue &)> next, int fd)
{
    m_vm->qmp().execute(
        command, arguments, this,
        [this, next](const Result<QJsonValue> &reply) {
            if (!reply)
                return finish(reply.error());
            next(*reply);
        },
        fd, remainingMs());
}

void CloneBringUp::loadState()
{
    spdlog::debug("domain {}: QMP answering after {} ms", m_plan.domid, m_timer.elapsed());
    const int fd = ::open(QFile::encodeName(m_snapshot->statePath()).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return finish(
            Error{errno, m_snapshot->statePath(), QStringLiteral("cannot open the master's state")});
    // QMP answers in order: the capability is set before the migration starts.
    qmp(QStringLiteral("migrate-set-capabilities"), QemuCommandLine::ignoreSharedMemory(),
        [](const QJsonValue &) {});
    qmp(
        QStringLiteral("getfd"), {{QStringLiteral("fdname"), kStateFdName}},
        [this](const QJsonValue &) {
            qmp(QStringLiteral("migrate-incoming"),
                {{QStringLiteral("uri"), QStringLiteral("fd:") + kStateFdName}},
                [this](const QJsonValue &) { pollIncoming(); });
        },
        fd);
    ::close(fd);
}

void CloneBringUp::pollIncoming()
{
    qmp(QStringLiteral("query-status"), {}, [this](const QJsonValue &status) {
        if (status.toObject().value(QStringLiteral("status")).toString() == QLatin1String("inmigrate")) {
            if (remainingMs() <= 1)
                return finish(
                    Error{ETIMEDOUT, m_vm->directory(), QStringLiteral("the master's state did not load")});
            QTimer::singleShot(kIncomingPollMs, this, &CloneBringUp::pollIncoming);
            return;
        }
        m_snapshot.reset(); // loaded: this clone no longer needs the files' names
        spdlog::debug("domain {}: state loaded after {} ms", m_plan.domid, m_timer.elapsed());
        resumeGuest();
    });
}

void CloneBringUp::resumeGuest()
{
    // The guest still has its master's MAC and address: nothing leaves it until it has its own.
    qmp(QStringLiteral("set_link"), {{QStringLiteral("name"), kPrivateNetdev}, {QStringLiteral("up"), false}},
        [this](const QJsonValue &) {
            qmp(QStringLiteral("cont"), {}, [this](const QJsonValue &) {
                spdlog::debug("domain {}: resumed after {} ms", m_plan.domid, m_timer.elapsed());
                connect(&m_vm->agent(), &GuestAgentClient::ready, this, &CloneBringUp::reconfigureGuest,
                        Qt::SingleShotConnection);
                connect(
                    &m_vm->agent(), &GuestAgentClient::failed, this,
                    [this](const Error &error) { finish(error); }, Qt::SingleShotConnection);
                m_vm->agent().connectTo(m_vm->agentPath(), remainingMs());
                // SSH arrives over the user-mode network, which the private link does not affect:
                // checking it meanwhile costs the clone no time. The clone's server listened in the master,
                // so a connection is answered however slowly the guest runs: a new one after a silence
                // would only make the guest's server fork once more (10 clones at load 15: SSH answered
                // 12-15 s after `cont`, far beyond the 2 s a booting master is allowed).
                checkSsh(
                    [this] {
                        spdlog::debug("domain {}: SSH answering after {} ms", m_plan.domid,
                                      m_timer.elapsed());
                        stepDone();
                    },
                    remainingMs());
            });
        });
}

void CloneBringUp::stepDone()
{
    // Three things run at once after `cont`: the address, the clock, the SSH check.
    if (++m_stepsDone == 3)
        linkUp();
}

void CloneBringUp::reconfigureGuest()
{
    disconnect(&m_vm->agent(), &GuestAgentClient::failed, this, nullptr);
    spdlog::debug("domain {}: guest agent answering after {} ms", m_plan.domid, m_timer.elapsed());
    // One program, no shell: every process a TCG guest starts costs it tens of milliseconds. SIOCSIFADDR
    // replaces the master's address, SIOCSIFHWADDR its MAC (virtio-net changes it live).
    const QStringList argv{QStringLiteral("/bin/busybox"),
                           QStringLiteral("ifconfig"),
                           QStringLiteral("eth1"),
                           QStringLiteral("hw"),
                           QStringLiteral("ether"),
                           m_platform.network.macFor(m_plan.loopbackAddress),
                           m_platform.network.addressFor(m_plan.loopbackAddress),
                           QStringLiteral("netmask"),
                           m_platform.network.netmask()};
    m_vm->agent().run(
        argv, this,
        [this](const Result<GuestCommandResult> &ran) {
            if (!ran)
                return finish(ran.error());
            if (ran->exitCode != 0)
                return finish(Error{EIO, m_vm->directory(),
                                    QStringLiteral("the clone could not take its address: %1")
                                        .arg(QString::fromUtf8(ran->err.trimmed()))});
            spdlog::debug("domain {}: own address after {} ms", m_plan.domid, m_timer.elapsed());
            stepDone();
        },
        remainingMs());
    // The clock stood still since the capture. Queued behind the command's start, so both run at once.
    m_vm->agent().setTime(
        QDateTime::currentMSecsSinceEpoch() * 1000000, this, [this](const Result<QJsonValue> &set) {
            if (!set)
                return finish(set.error());
            spdlog::debug("domain {}: clock set after {} ms", m_plan.domid, m_timer.elapsed());
            stepDone();
        });
}

void CloneBringUp::linkUp()
{
    qmp(QStringLiteral("set_link"), {{QStringLiteral("name"), kPrivateNetdev}, {QStringLiteral("up"), true}},
        [this](const QJsonValue &) {
            // The guest announces its new MAC (virtio-net's guest announce: a gratuitous ARP from the guest's
            // own kernel), so peers that knew the address from an earlier clone learn it.
            qmp(QStringLiteral("announce-self"),
                {{QStringLiteral("initial"), 0},
                 {QStringLiteral("max"), 100},
                 {QStringLiteral("rounds"), 2},
                 {QStringLiteral("step"), 50}},
                [this](const QJsonValue &) {
                    // What the clone cost the host so far: on TCG, everything the resumed guest runs is
                    // translated afresh in its new QEMU, and ten clones share the host's cores.
                    spdlog::debug("domain {}: clone of {} ready after {} ms (its QEMU used {} ms of CPU)",
                                  m_plan.domid, m_plan.masterDomid, m_timer.elapsed(),
                                  QemuProcess::cpuTimeMs(m_vm->pid()));
                    finish(qemulaunch::endpoint(m_vm->facts()));
                });
        });
}

} // namespace clonedeck
