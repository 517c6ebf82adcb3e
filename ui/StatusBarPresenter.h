#pragma once

// The main window's status bar: what is pending (OperationProgress) and where each
// connection stands (ConnectionStatus) as permanent widgets, and the last message of any
// command or core operation for a while. A command's message is logged too, so the event
// log keeps what the status bar shows only briefly.
#include "Operations.h"
#include "PlatformConnections.h"

#include <QObject>

class QStatusBar;

namespace clonedeck {

class StatusBarPresenter : public QObject
{
    Q_OBJECT
public:
    StatusBarPresenter(QStatusBar *bar, Operations *operations, PlatformConnections *connections,
                       QObject *parent = nullptr);

    // A command's outcome: shown and logged (as an error or as information).
    void report(const QString &message, bool error);

private:
    QStatusBar *m_bar;
};

} // namespace clonedeck
