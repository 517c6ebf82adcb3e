#include "PlatformConnection.h"

#include "ClusterMirror.h"
#include "PlatformGateway.h"
#include "XenstoreClient.h"
#include "XenstoreTransport.h"

namespace clonedeck {

PlatformConnection::PlatformConnection(QString name, QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_gateway(std::make_unique<PlatformGateway>())
    , m_mirror(std::make_unique<ClusterMirror>(m_gateway.get()))
{
    connect(m_gateway.get(), &PlatformGateway::stateChanged, this, &PlatformConnection::onState);
    connect(m_gateway->xenstore(), &XenstoreClient::errorOccurred, this, &PlatformConnection::onError);
    // Reachable only once the picture is complete again (the first load, every resync).
    connect(m_mirror.get(), &ClusterMirror::batchApplied, this, [this] {
        if (m_mirror->isLoaded() && state() == ConnectionState::Connected && !m_reachable) {
            m_reachable = true;
            emit stateChanged();
        }
    });
}

PlatformConnection::~PlatformConnection()
{
    m_mirror.reset();
    m_gateway.reset(); // gives up what still waits on the platform
}

void PlatformConnection::open(std::unique_ptr<XenstoreTransport> transport)
{
    if (m_opened)
        return;
    m_opened = true;
    m_gateway->open(std::move(transport));
    m_mirror->start();
}

QString PlatformConnection::uri() const
{
    return m_gateway->uri();
}

ConnectionState PlatformConnection::state() const
{
    return m_gateway->state();
}

bool PlatformConnection::isReachable() const
{
    return m_reachable;
}

QString PlatformConnection::stateText() const
{
    switch (state()) {
    case ConnectionState::Connected:
        return m_reachable ? tr("connected") : tr("connected, loading…");
    case ConnectionState::Connecting:
        return tr("connecting…");
    case ConnectionState::Disconnected:
        if (!m_opened)
            return tr("not connected");
        [[fallthrough]];
    case ConnectionState::Reconnecting:
        break;
    }
    const QString reason = m_reason.isEmpty() ? tr("no answer") : m_reason;
    return m_retryInMs > 0 ? tr("unreachable: %1 — retrying in %2 s")
                                 .arg(reason)
                                 .arg(double(m_retryInMs) / 1000, 0, 'f', 1)
                           : tr("unreachable: %1 — retrying…").arg(reason);
}

void PlatformConnection::onState(ConnectionState state, int retryInMs)
{
    m_retryInMs = retryInMs;
    if (state == ConnectionState::Connected)
        m_reason.clear();
    else
        m_reachable = false; // what the mirror shows may be stale until the resync
    emit stateChanged();
}

void PlatformConnection::onError(const Error &error)
{
    // Only what says why the platform cannot be reached: a failed attempt or a lost connection
    // (ENOTCONN); a refused read on a live connection is its caller's business.
    if (error.code != ENOTCONN && state() == ConnectionState::Connected)
        return;
    m_reason = Error{error.code, {}, error.message}.toString(); // without the path: the URI says it
    emit stateChanged();
}

} // namespace clonedeck
