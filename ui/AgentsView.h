#pragma once

// The Agents tab: every agent session in a table (AgentModel) and, for the selected one,
// its standard output and standard error streaming live below.
#include "AgentTypes.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;

namespace clonedeck {

class AgentModel;

class AgentsView : public QWidget
{
    Q_OBJECT
public:
    explicit AgentsView(AgentModel *model, QWidget *parent = nullptr);

    QTableView *tableView() const { return m_table; }
    QPlainTextEdit *stdoutView() const { return m_stdout; }
    QPlainTextEdit *stderrView() const { return m_stderr; }
    QList<AgentSessionId> selectedSessions() const;
    // The selected sessions' domains, once each; hosts (if given) gets each one's host.
    QList<int> selectedDomids(QStringList *hosts = nullptr) const;
    void selectSession(AgentSessionId id);
    AgentSessionId followedSession() const { return m_followed; }

private:
    void follow(AgentSessionId id);
    void onLine(AgentSessionId id, AgentStream stream, const QString &line);

    AgentModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLabel *m_heading;
    QPlainTextEdit *m_stdout;
    QPlainTextEdit *m_stderr;
    AgentSessionId m_followed = 0;
};

} // namespace clonedeck
