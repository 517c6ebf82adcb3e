#include "QemuVmRunner.h"

#include "AcceleratorProbe.h"
#include "CloneBringUp.h"
#include "Log.h"
#include "MasterBoot.h"
#include "MasterCapture.h"
#include "QemuLaunch.h"

#include <QDir>
#include <QPromise>
#include <QRegularExpression>
#include <QTimer>

#include <csignal>
#include <poll.h>
#include <unistd.h>

namespace clonedeck {

namespace {

constexpr int kAdoptQmpMs = 5000;

template<typename T>
std::shared_ptr<QPromise<T>> startedPromise()
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    return promise;
}

template<typename T>
void fulfil(const std::shared_ptr<QPromise<T>> &promise, T value)
{
    promise->addResult(std::move(value));
    promise->finish();
}

} // namespace

QemuVmRunner::QemuVmRunner(QemuPlatform platform, QObject *parent)
    : QObject(parent)
    , m_platform(std::move(platform))
{
    m_pool.setMaxThreadCount(2);
}

QemuVmRunner::~QemuVmRunner()
{
    if (m_platform.options.stopVmsOnExit)
        stopAllVms();
    m_pool.waitForDone();
}

Status QemuVmRunner::initialize()
{
    if (auto valid = m_platform.options.validate(); !valid)
        return valid;
    for (const QString &dir : {m_platform.options.domainsDir(), m_platform.options.ramDir}) {
        if (!QDir().mkpath(dir) ||
            !QFile::setPermissions(dir,
                                   QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
            return Error{EACCES, dir, QStringLiteral("cannot create the directory")};
    }
    removeLeftovers();
    const auto choice = AcceleratorProbe::choose(m_platform.options);
    if (!choice)
        return choice.error();
    m_platform.accelerator = choice->accelerator;
    m_acceleratorReason = choice->reason;
    spdlog::info("qemu: accelerator {} ({})", choice->accelerator, choice->reason);
    return Done{};
}

void QemuVmRunner::removeLeftovers()
{
    // Captures are never resumed: a crash mid-clone leaves its snapshot behind. A master's RAM file
    // without its domain's directory belongs to nothing.
    const QDir ram(m_platform.options.ramDir);
    const QStringList existing =
        QDir(m_platform.options.domainsDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : ram.entryList(QDir::Files)) {
        const bool snapshot = name.startsWith(QLatin1String("snap-"));
        const bool orphan = name.endsWith(QLatin1String(".ram")) && !existing.contains(name.chopped(4));
        if (snapshot || orphan) {
            spdlog::warn("qemu: removing {} left by an earlier run", ram.filePath(name));
            QFile::remove(ram.filePath(name));
        }
    }
}

qint64 QemuVmRunner::processId(int domid) const
{
    const QemuVm *vm = m_vms.value(domid);
    return vm ? vm->pid() : 0;
}

QemuVm *QemuVmRunner::vmFor(int domid)
{
    if (QemuVm *vm = m_vms.value(domid))
        return vm;
    auto *vm = new QemuVm(domid, m_platform.vmDirectory(domid), this);
    connect(vm, &QemuVm::exited, this, [this, vm](int ended) {
        if (m_removing.contains(ended))
            return;
        const QString reason = QStringLiteral("QEMU ended: ") + vm->logTail().right(200);
        spdlog::warn("domain {}: {}", ended, reason);
        emit domainEnded(ended, reason);
    });
    m_vms.insert(domid, vm);
    return vm;
}

Status QemuVmRunner::attachToNetwork(const QemuDomainPlan &plan, QemuVm *vm)
{
    FrameSwitch *network = m_switches.value(plan.masterDomid);
    if (!network) {
        network = new FrameSwitch(m_platform.switchPath(plan.masterDomid), this);
        if (auto opened = network->open(); !opened) {
            delete network;
            return opened;
        }
        m_switches.insert(plan.masterDomid, network);
    }
    m_switchOfDomain.insert(plan.domid, plan.masterDomid);
    return network->addPort(vm->netSocketPath(), m_platform.network.macFor(plan.loopbackAddress));
}

void QemuVmRunner::detachFromNetwork(int domid)
{
    if (!m_switchOfDomain.contains(domid))
        return;
    const int master = m_switchOfDomain.take(domid);
    FrameSwitch *network = m_switches.value(master);
    if (!network)
        return;
    network->removePort(m_platform.vmDirectory(domid) + QStringLiteral("/net.sock"));
    if (network->portCount() == 0)
        delete m_switches.take(master);
}

void QemuVmRunner::forget(int domid)
{
    detachFromNetwork(domid);
    m_removing.remove(domid);
    if (QemuVm *vm = m_vms.take(domid))
        vm->deleteLater();
}

void QemuVmRunner::removeVm(int domid, std::function<void()> done)
{
    m_removing.insert(domid);
    vmFor(domid)->remove(this, [this, domid, done] {
        forget(domid);
        done();
    });
}

QFuture<Result<QemuDomainEndpoint>> QemuVmRunner::startMaster(const QemuDomainPlan &master)
{
    auto promise = startedPromise<Result<QemuDomainEndpoint>>();
    bootMaster(master, [promise](const Result<QemuDomainEndpoint> &booted) { fulfil(promise, booted); });
    return promise->future();
}

void QemuVmRunner::bootMaster(const QemuDomainPlan &plan,
                              std::function<void(const Result<QemuDomainEndpoint> &)> done)
{
    QemuVm *vm = vmFor(plan.domid);
    if (auto attached = attachToNetwork(plan, vm); !attached) {
        QTimer::singleShot(0, this, [done, attached] { done(attached.error()); });
        return;
    }
    auto *boot = new MasterBoot(m_platform, plan, vm, &m_pool, this);
    boot->start([this, boot, plan, done](const Result<QemuDomainEndpoint> &booted) {
        boot->deleteLater();
        if (booted)
            return done(booted);
        spdlog::error("domain {}: master did not boot: {}", plan.domid, booted.error().toString());
        removeVm(plan.domid, [done, booted] { done(booted); }); // a failed start leaves nothing behind
    });
}

void QemuVmRunner::queueCapture(int masterDomid, std::function<void()> capture)
{
    // One capture of a master at a time: a second request's clones are the master a moment later.
    auto &queue = m_captures[masterDomid];
    queue.append(std::move(capture));
    if (queue.size() == 1)
        queue.first()();
}

void QemuVmRunner::captureFinished(int masterDomid)
{
    auto &queue = m_captures[masterDomid];
    queue.removeFirst();
    if (!queue.isEmpty())
        QTimer::singleShot(0, this, [this, masterDomid] {
            if (!m_captures.value(masterDomid).isEmpty())
                m_captures[masterDomid].first()();
        });
}

QFuture<QList<QemuCloneResult>> QemuVmRunner::startClones(const QemuDomainPlan &master,
                                                          const QList<QemuDomainPlan> &clones)
{
    auto promise = startedPromise<QList<QemuCloneResult>>();
    auto results = std::make_shared<QList<QemuCloneResult>>();
    auto failAll = [promise, results, clones](const Error &error) {
        for (const QemuDomainPlan &clone : clones)
            results->append(QemuCloneResult{clone.domid, error});
        fulfil(promise, *results);
    };
    QemuVm *masterVm = m_vms.value(master.domid);
    if (!masterVm || !masterVm->isRunning() || !masterVm->qmp().isReady()) {
        QTimer::singleShot(0, this, [failAll, master] {
            failAll(
                Error{EIO, QString::number(master.domid), QStringLiteral("the master's VM is not running")});
        });
        return promise->future();
    }
    QList<int> domids;
    for (const QemuDomainPlan &clone : clones)
        domids.append(clone.domid);
    queueCapture(master.domid, [this, masterVm, master, clones, domids, promise, results, failAll] {
        auto *capture = new MasterCapture(m_platform, masterVm, domids, &m_pool, this);
        capture->start([=, this](const Result<SharedRamSnapshot> &snapshot) {
            m_lastPauseMs = capture->pauseMs();
            capture->deleteLater();
            captureFinished(master.domid);
            if (!snapshot)
                return failAll(snapshot.error());
            for (const QemuDomainPlan &plan : clones) {
                QemuVm *vm = vmFor(plan.domid);
                const auto record = [=, this](const Result<QemuDomainEndpoint> &endpoint) {
                    const auto report = [=] {
                        results->append(QemuCloneResult{plan.domid, endpoint});
                        if (results->size() == clones.size())
                            fulfil(promise, *results);
                    };
                    if (endpoint)
                        return report();
                    spdlog::error("domain {}: clone did not start: {}", plan.domid,
                                  endpoint.error().toString());
                    removeVm(plan.domid, report);
                };
                if (auto attached = attachToNetwork(plan, vm); !attached) {
                    record(attached.error());
                    continue;
                }
                auto *bringUp = new CloneBringUp(m_platform, plan, vm, *snapshot, &m_pool, this);
                bringUp->start([bringUp, record](const Result<QemuDomainEndpoint> &started) {
                    bringUp->deleteLater();
                    record(started);
                });
            }
        });
    });
    return promise->future();
}

QFuture<Result<QemuDomainEndpoint>> QemuVmRunner::resume(const QemuDomainPlan &domain)
{
    auto promise = startedPromise<Result<QemuDomainEndpoint>>();
    auto done = [promise](const Result<QemuDomainEndpoint> &result) { fulfil(promise, result); };
    QemuVm *vm = vmFor(domain.domid);
    const bool master = domain.domid == domain.masterDomid;
    if (!vm->loadFacts() || !vm->adopt()) {
        if (master) {
            spdlog::warn("domain {}: the master's QEMU is gone; booting it again on {}:{}", domain.domid,
                         domain.loopbackAddress, domain.sshPort);
            bootMaster(domain, done);
        } else {
            QTimer::singleShot(0, this, [done, domain] {
                done(Error{ENOENT, QString::number(domain.domid),
                           QStringLiteral("the clone's QEMU is gone, and its memory with it")});
            });
        }
        return promise->future();
    }
    if (auto attached = attachToNetwork(domain, vm); !attached) {
        QTimer::singleShot(0, this, [done, attached] { done(attached.error()); });
        return promise->future();
    }
    adopt(domain, vm, done);
    return promise->future();
}

void QemuVmRunner::adopt(const QemuDomainPlan &plan, QemuVm *vm,
                         std::function<void(const Result<QemuDomainEndpoint> &)> done)
{
    connect(
        &vm->qmp(), &QmpClient::failed, this,
        [done, plan](const Error &error) {
            // Running but not answering: not ours to destroy; the control plane marks it failed.
            done(Error{error.code, QString::number(plan.domid),
                       QStringLiteral("QEMU runs but its monitor does not answer: ") + error.message});
        },
        Qt::SingleShotConnection);
    connect(
        &vm->qmp(), &QmpClient::ready, this,
        [this, vm, plan, done] {
            disconnect(&vm->qmp(), &QmpClient::failed, this, nullptr);
            vm->qmp().execute(
                QStringLiteral("query-status"), {}, this,
                [this, vm, plan, done](const Result<QJsonValue> &status) {
                    if (!status)
                        return done(status.error());
                    const QString state = status->toObject().value(QStringLiteral("status")).toString();
                    spdlog::info("domain {}: adopted QEMU pid {} ({})", plan.domid, vm->pid(), state);
                    if (state != QLatin1String("running")) {
                        // Paused by a capture that a crash interrupted: finish what it would have done.
                        vm->qmp().execute(QStringLiteral("migrate_cancel"), {}, this,
                                          [](const Result<QJsonValue> &) {});
                        vm->qmp().execute(QStringLiteral("cont"), {}, this,
                                          [](const Result<QJsonValue> &) {});
                    }
                    done(qemulaunch::endpoint(vm->facts()));
                });
        },
        Qt::SingleShotConnection);
    vm->qmp().connectTo(vm->qmpPath(), kAdoptQmpMs);
}

QFuture<QList<QemuDestroyResult>> QemuVmRunner::destroy(const QList<int> &domids)
{
    auto promise = startedPromise<QList<QemuDestroyResult>>();
    auto results = std::make_shared<QList<QemuDestroyResult>>();
    if (domids.isEmpty()) {
        fulfil(promise, *results);
        return promise->future();
    }
    for (int domid : domids) {
        removeVm(domid, [promise, results, domid, total = domids.size()] {
            results->append(QemuDestroyResult{domid, Done{}});
            if (results->size() == total)
                fulfil(promise, *results);
        });
    }
    return promise->future();
}

QList<int> QemuVmRunner::existingDomains() const
{
    QSet<int> domids;
    const QString dir = m_platform.options.domainsDir();
    for (const QString &name : QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const int domid = name.toInt(&numeric);
        if (numeric)
            domids.insert(domid);
    }
    // A QEMU whose directory is gone is still a domain to destroy.
    const QRegularExpression domainPath(QRegularExpression::escape(dir) + QStringLiteral("/(\\d+)/"));
    for (qint64 pid : QemuProcess::findByMarker(dir + QLatin1Char('/'))) {
        const auto match = domainPath.match(QemuProcess::commandLine(pid));
        if (match.hasMatch())
            domids.insert(match.captured(1).toInt());
    }
    return domids.values();
}

void QemuVmRunner::stopAllVms()
{
    // Synchronously, from the destructor: SIGTERM, a bounded wait on the pidfds, SIGKILL for the rest.
    QList<pollfd> running;
    for (qint64 pid : QemuProcess::findByMarker(m_platform.options.domainsDir() + QLatin1Char('/'))) {
        const int fd = QemuProcess::openPidfd(pid);
        if (fd >= 0 && QemuProcess::signalPidfd(fd, SIGTERM) == 0)
            running.append(pollfd{fd, POLLIN, 0});
        else if (fd >= 0)
            ::close(fd);
    }
    for (int round = 0; round < 2 && !running.isEmpty(); ++round) {
        QDeadlineTimer deadline(3000);
        while (!deadline.hasExpired()) {
            if (::poll(running.data(), nfds_t(running.size()), int(deadline.remainingTime())) <= 0)
                break;
            for (qsizetype i = running.size() - 1; i >= 0; --i) {
                if (running[i].revents) {
                    ::close(running[i].fd);
                    running.removeAt(i);
                }
            }
            if (running.isEmpty())
                break;
        }
        for (const pollfd &process : std::as_const(running))
            QemuProcess::signalPidfd(process.fd, SIGKILL);
    }
    for (const pollfd &process : std::as_const(running))
        ::close(process.fd);
    for (QemuVm *vm : std::as_const(m_vms)) {
        if (!vm->facts().ramPath.isEmpty())
            QFile::remove(vm->facts().ramPath);
    }
    spdlog::info("qemu: stopped every VM (stop_vms_on_exit)");
}

} // namespace clonedeck
