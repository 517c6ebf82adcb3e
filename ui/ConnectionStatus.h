#pragma once

// Where the connections to the platforms stand, always in the status bar: with one platform,
// connected to which xenstore or why not (and when the next attempt comes); with several,
// how many are connected, each host's state in the tooltip (the membership tree shows it
// on each host's row too).
#include <QLabel>

namespace clonedeck {

class PlatformConnections;

class ConnectionStatus : public QLabel
{
    Q_OBJECT
public:
    explicit ConnectionStatus(PlatformConnections *platforms, QWidget *parent = nullptr);

private:
    void refresh();

    PlatformConnections *m_platforms;
};

} // namespace clonedeck
