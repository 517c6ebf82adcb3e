#pragma once

// What the console knows of one domain, shown beside the membership tree for the
// selected row: its ticket, backend, lineage, the host key its clone presented,
// the newest agent on it with its last output, its usage now and its recent
// history as a chart. Follows the mirror of the domain's host, the agents and the
// usage history for that one domain only; a row of any host shows its details.
#include "PlatformRecords.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QTimer;

namespace clonedeck {

class AgentModel;
class ClusterMirror;
class PlatformConnections;
class UsageChart;
class UsageHistory;

class DomainDetailPane : public QWidget
{
    Q_OBJECT
public:
    DomainDetailPane(PlatformConnections *platforms, UsageHistory *history, QWidget *parent = nullptr);

    void setAgentModel(AgentModel *agents);
    // The domain of that host (a connection's name); domid -1: nothing selected.
    void showDomain(const QString &host, int domid);
    int domid() const { return m_domid; }
    QString host() const { return m_host; }
    // The text of a field, by its object name ("ticket", "backend", "lineage", "hostKey", "agent",
    // "lastOutput", "usage"): for tests and the screenshot tour.
    QString fieldText(const QString &field) const;

private:
    QLabel *addField(const QString &name, const QString &title);
    void setField(const QString &field, const QString &text);
    void refresh();
    void refreshChart();
    void refreshAgent();
    void followMirrorOf(const QString &host);
    bool isShown(const QString &host, int domid) const { return domid == m_domid && host == m_host; }

    PlatformConnections *m_platforms;
    UsageHistory *m_history;
    AgentModel *m_agents = nullptr;
    QString m_host;
    int m_domid = -1;
    QPointer<ClusterMirror> m_mirror; // the shown host's; gone with its connection
    QList<QMetaObject::Connection> m_mirrorConnections;
    QLabel *m_title;
    QList<QLabel *> m_fields;
    UsageChart *m_chart;
    QTimer *m_chartClock; // the chart's right edge is now: it moves while a domain is shown
};

} // namespace clonedeck
