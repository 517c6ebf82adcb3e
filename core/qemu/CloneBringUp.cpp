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
            sendIdentity();
            qmp(QStringLiteral("cont"), {}, [this](const QJsonValue &) {
                spdlog::debug("domain {}: resumed after {} ms (its QEMU used {} ms of CPU)", m_plan.domid,
                              m_timer.elapsed(), QemuProcess::cpuTimeMs(m_vm->pid()));
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

void CloneBringUp::sendIdentity()
{
    // Written before `cont`: the guest's helper resumes inside its read of this very line, so nothing waits
    // for an agent to answer or a program to start. The clock is the host's now; the guest's stood still
    // since the capture and sets it as it reads the line, right after the resume.
    const CloneIdentity identity{m_platform.network.macFor(m_plan.loopbackAddress),
                                 m_platform.network.addressFor(m_plan.loopbackAddress),
                                 m_platform.network.netmask(), QDateTime::currentMSecsSinceEpoch() * 1000000};
    m_identity.send(
        m_vm->identityPipePath(), CloneIdentityChannel::line(identity), remainingMs(),
        [this](const Status &taken) {
            if (!taken)
                return finish(Error{taken.error().code, m_vm->directory(), taken.error().message});
            spdlog::debug("domain {}: own address and clock after {} ms (its QEMU used {} ms of CPU)",
                          m_plan.domid, m_timer.elapsed(), QemuProcess::cpuTimeMs(m_vm->pid()));
            stepDone();
        });
}

void CloneBringUp::stepDone()
{
    // Two things run at once after `cont`: the identity (address, MAC, clock) and the SSH check.
    if (++m_stepsDone == 2)
        linkUp();
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
