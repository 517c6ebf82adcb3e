#pragma once

// Where the connection to the platform stands, always in the status bar: connected to
// which xenstore, connecting, or reconnecting in how long.
#include "XenstoreTypes.h"

#include <QLabel>

namespace clonedeck {

class PlatformGateway;

class ConnectionStatus : public QLabel
{
    Q_OBJECT
public:
    explicit ConnectionStatus(PlatformGateway *gateway, QWidget *parent = nullptr);

private:
    void showState(ConnectionState state, int retryInMs);

    PlatformGateway *m_gateway;
};

} // namespace clonedeck
