#include "EmbeddedPlatform.h"

#include "ControlPlane.h"
#include "LivenessProbe.h"
#include "Log.h"
#include "PrivateFiles.h"
#include "SandboxVmBackend.h"
#include "XenstoreBridge.h"
#include "XenstoreConnection.h"
#include "XenstoredProcess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace clonedeck {

EmbeddedPlatform::EmbeddedPlatform(PlatformConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{}

EmbeddedPlatform::~EmbeddedPlatform()
{
    stop();
}

QString EmbeddedPlatform::socketPath() const
{
    return m_xenstored ? m_xenstored->socketPath() : QString();
}

Status EmbeddedPlatform::lockRunDirectory()
{
    const QString path = m_config.runDir + QStringLiteral("/clonedeckd.lock");
    m_lockFd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (m_lockFd < 0)
        return Error{errno, path, QStringLiteral("cannot create the run directory's lock file")};
    if (::flock(m_lockFd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_lockFd);
        m_lockFd = -1;
        return Error{EBUSY, m_config.runDir, QStringLiteral("another clonedeckd serves this run directory")};
    }
    return Done{};
}

Status EmbeddedPlatform::start()
{
    if (auto valid = m_config.validate(); !valid)
        return valid;
    // Private to this user, or refused: with XDG_RUNTIME_DIR unset it defaults to a name in /tmp
    // that anyone could have created first, keys and sockets included.
    if (auto runDir = PrivateFiles::ensureDirectory(m_config.runDir, 0700); !runDir)
        return Error{runDir.error().code, runDir.error().path,
                     QStringLiteral("unusable run directory: ") + runDir.error().message};
    if (auto locked = lockRunDirectory(); !locked)
        return locked;

    XenstoredProcess::Options options;
    options.runDir = m_config.runDir + QStringLiteral("/xenstore");
    m_xenstored = std::make_unique<XenstoredProcess>(options);
    if (auto started = m_xenstored->start(); !started)
        return started;
    spdlog::info("xenstored answering at {} after {} ms", m_xenstored->socketPath(),
                 m_xenstored->startupMilliseconds());

    // VMs reach xenstore only through their own endpoint on the bridge, which lets a domain act
    // only for itself (docs/security.md); operators keep xenstored's socket.
    m_bridge = std::make_unique<XenstoreBridge>(m_config.runDir + QStringLiteral("/bridge"),
                                                m_xenstored->socketPath());
    if (auto bridged = m_bridge->initialize(); !bridged)
        return bridged;

    // What a sandbox VM's processes see: clonectl on the PATH (and XENSTORED_PATH, their endpoint).
    QProcessEnvironment vmEnvironment;
    vmEnvironment.insert(QStringLiteral("PATH"), QCoreApplication::applicationDirPath() +
                                                     QStringLiteral(":/usr/local/bin:/usr/bin:/bin"));
    auto confinement =
        SandboxConfinement::choose(m_config.vmConfinement, m_config.vmUidBase, m_config.runDir);
    if (!confinement)
        return confinement.error();
    m_backend = std::make_unique<SandboxVmBackend>(m_config.runDir, m_config.preferredSshPort,
                                                   m_config.fallbackSshPort, vmEnvironment, *confinement,
                                                   m_bridge.get());
    if (auto initialized = m_backend->initialize(); !initialized)
        return initialized;

    auto connection = XenstoreConnection::open(m_xenstored->socketPath());
    if (!connection)
        return connection.error();
    m_controlPlane = std::make_unique<ControlPlane>(m_config, std::move(connection).value(), m_backend.get());
    if (auto started = m_controlPlane->start(); !started)
        return started;
    m_liveness = new LivenessProbe(this);
    connect(m_liveness, &LivenessProbe::lost, this, &EmbeddedPlatform::restartXenstored);
    m_liveness->watch(m_xenstored->socketPath());
    return Done{};
}

void EmbeddedPlatform::restartXenstored()
{
    ++m_restarts;
    spdlog::error("xenstored died; restarting it (restart {})", m_restarts);
    m_xenstored->stop(); // reaps it and removes the stale socket
    if (auto started = m_xenstored->start(); !started) {
        spdlog::critical("cannot restart xenstored: {}", started.error().toString());
        return;
    }
    auto connection = XenstoreConnection::open(m_xenstored->socketPath());
    if (!connection) {
        spdlog::critical("cannot reconnect to xenstored: {}", connection.error().toString());
        return;
    }
    if (auto served = m_controlPlane->reattach(std::move(connection).value()); !served) {
        spdlog::critical("cannot serve again after the restart: {}", served.error().toString());
        return;
    }
    m_liveness->watch(m_xenstored->socketPath());
    spdlog::info("xenstored restarted; platform state published again from the journal");
}

void EmbeddedPlatform::stop()
{
    if (m_liveness)
        m_liveness->stop(); // our own stop of xenstored is not a death to recover from
    if (m_controlPlane)
        m_controlPlane->stop();
    m_controlPlane.reset();
    m_backend.reset(); // closes every endpoint and ends every VM process; disks stay for the next start
    m_bridge.reset();
    if (m_xenstored)
        m_xenstored->stop();
    m_xenstored.reset();
    if (m_lockFd >= 0) {
        ::close(m_lockFd);
        m_lockFd = -1;
    }
}

} // namespace clonedeck
