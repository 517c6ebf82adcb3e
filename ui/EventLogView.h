#pragma once

// The Event log tab: every platform event and operator action, searchable, following the
// newest line, and exported as text on request.
#include "EventLogModel.h"

#include <QWidget>

class QTableView;

namespace clonedeck {

class EventLogView : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogView(EventLogModel *log, QWidget *parent = nullptr);

    // Asks where, then writes the log there.
    void exportLog();

signals:
    void message(const QString &text, bool error);

private:
    EventLogModel *m_log;
    QTableView *m_view;
};

} // namespace clonedeck
