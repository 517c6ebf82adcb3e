#include "EmbeddedPlatform.h"

#include "ControlPlane.h"
#include "JournalStore.h"
#include "LivenessProbe.h"
#include "Log.h"
#include "PrivateFiles.h"
#include "SandboxDisk.h"
#include "SqliteStore.h"
#include "XenstoreBridge.h"
#include "XenstoreBridgeEndpoints.h"
#include "XenstoreConnection.h"
#include "XenstoredProcess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>

namespace clonedeck {

EmbeddedPlatform::EmbeddedPlatform(PlatformConfig config, VmBackendRegistry backends, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_backends(std::move(backends))
{}

EmbeddedPlatform::~EmbeddedPlatform()
{
    stop();
}

QString EmbeddedPlatform::socketPath() const
{
    return m_xenstored ? m_xenstored->socketPath() : QString();
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
    if (auto locked = m_lock.acquire(m_config.runDir); !locked)
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
    if (auto backend = startBackend(); !backend)
        return backend;
    m_endpoints = std::make_unique<XenstoreBridgeEndpoints>(*m_bridge, *m_backend);

    auto connection = XenstoreConnection::open(m_xenstored->socketPath());
    if (!connection)
        return connection.error();
    std::unique_ptr<StateStore> store;
    const QString journal = m_config.runDir + QStringLiteral("/journal");
    if (m_config.store == QLatin1String("journal"))
        store = std::make_unique<JournalStore>(journal);
    else
        store = std::make_unique<SqliteStore>(m_config.runDir + QStringLiteral("/platform.db"), journal);
    m_controlPlane = std::make_unique<ControlPlane>(m_config, std::move(store), std::move(connection).value(),
                                                    m_backend.get(), m_endpoints.get());
    connect(m_controlPlane.get(), &ControlPlane::ready, this, [this] {
        m_liveness = new LivenessProbe(this);
        connect(m_liveness, &LivenessProbe::lost, this, &EmbeddedPlatform::restartXenstored);
        m_liveness->watch(m_xenstored->socketPath());
        m_lock.publishSocket(m_xenstored->socketPath()); // consoles started later attach to it
        emit ready();
    });
    return m_controlPlane->start();
}

Status EmbeddedPlatform::startBackend()
{
    // The platform's client key pair: every master accepts it, whatever runs the masters.
    VmBackendContext context;
    context.config = m_config;
    context.clientKeyPath = m_config.runDir + QStringLiteral("/client/id_ed25519");
    auto key = ensureClientKeyPair(m_config.runDir + QStringLiteral("/client"));
    if (!key)
        return key.error();
    context.clientPublicKey = *key;
    // What a VM's host-side processes may inherit: clonectl on the PATH. Where xenstore is
    // comes per domain (VmSpec::bridgeEndpoint).
    context.vmEnvironment.insert(QStringLiteral("PATH"), QCoreApplication::applicationDirPath() +
                                                             QStringLiteral(":/usr/local/bin:/usr/bin:/bin"));
    // Both outlive the backend that calls this (stop() resets the backend first).
    context.forkXenstoreEndpoint = [this](int master, int clone) {
        return m_bridge->forkEndpoint(master, clone, m_backend->endpointOwnerUid(clone));
    };
    // Called on the sandbox's SSH threads: the bridge is made before the backend and goes after it.
    context.openXenstoreEndpoint = [this](int domid) { return m_bridge->openReserved(domid); };
    auto backend = m_backends.create(m_config.backend, context);
    if (!backend)
        return backend.error();
    m_backend = std::move(backend).value();
    spdlog::info("VM backend: {}", m_backend->kind());
    if (!m_config.operatorKeysFile.isEmpty() && m_backend->kind() == QLatin1String("sandbox"))
        spdlog::info("operator keys: {} (read again at each login to a VM)", m_config.operatorKeysFile);
    else if (!m_config.operatorKeysFile.isEmpty()) // the guest image takes one key (docs/remote-hosts.md)
        spdlog::warn("operator keys: the {} backend's VMs accept only the platform's client key; {} is not "
                     "installed in them",
                     m_backend->kind(), m_config.operatorKeysFile);
    return m_backend->initialize();
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
    spdlog::info("xenstored restarted; platform state published again from the store");
}

void EmbeddedPlatform::stop()
{
    m_lock.publishSocket({}); // on its way out: no console attaches now
    if (m_liveness)
        m_liveness->stop(); // our own stop of xenstored is not a death to recover from
    if (m_controlPlane)
        m_controlPlane->stop();
    m_controlPlane.reset();
    m_backend.reset(); // ends every VM process; disks stay for the next start
    m_endpoints.reset();
    m_bridge.reset(); // closes every endpoint, before xenstored goes
    if (m_xenstored)
        m_xenstored->stop();
    m_xenstored.reset();
    m_lock.release();
}

} // namespace clonedeck
