#include "ConnectionStatus.h"

#include "PlatformGateway.h"

namespace clonedeck {

ConnectionStatus::ConnectionStatus(PlatformGateway *gateway, QWidget *parent)
    : QLabel(parent)
    , m_gateway(gateway)
{
    setObjectName(QStringLiteral("connection"));
    connect(gateway, &PlatformGateway::stateChanged, this, &ConnectionStatus::showState);
    showState(gateway->state(), 0);
}

void ConnectionStatus::showState(ConnectionState state, int retryInMs)
{
    switch (state) {
    case ConnectionState::Connected:
        return setText(tr("● Connected to %1").arg(m_gateway->uri()));
    case ConnectionState::Connecting:
        return setText(tr("Connecting…"));
    case ConnectionState::Reconnecting:
        return setText(retryInMs > 0 ? tr("Reconnecting in %1 s…").arg(double(retryInMs) / 1000, 0, 'f', 1)
                                     : tr("Reconnecting…"));
    case ConnectionState::Disconnected:
        return setText(tr("Disconnected"));
    }
}

} // namespace clonedeck
