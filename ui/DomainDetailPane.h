#pragma once

// What the console knows of one domain, shown beside the membership tree for the
// selected row: its ticket, backend, lineage, the host key its clone presented,
// the newest agent on it with its last output, its usage now and its recent
// history as a chart. Follows the mirror, the agents and the usage history for
// that one domain only.
#include "PlatformRecords.h"

#include <QWidget>

class QLabel;
class QTimer;

namespace clonedeck {

class AgentModel;
class ClusterMirror;
class UsageChart;
class UsageHistory;

class DomainDetailPane : public QWidget
{
    Q_OBJECT
public:
    DomainDetailPane(ClusterMirror *mirror, UsageHistory *history, QWidget *parent = nullptr);

    void setAgentModel(AgentModel *agents);
    // -1: nothing selected.
    void showDomain(int domid);
    int domid() const { return m_domid; }
    // The text of a field, by its object name ("ticket", "backend", "lineage", "hostKey", "agent",
    // "lastOutput", "usage"): for tests and the screenshot tour.
    QString fieldText(const QString &field) const;

private:
    QLabel *addField(const QString &name, const QString &title);
    void setField(const QString &field, const QString &text);
    void refresh();
    void refreshChart();
    void refreshAgent();

    ClusterMirror *m_mirror;
    UsageHistory *m_history;
    AgentModel *m_agents = nullptr;
    int m_domid = -1;
    QLabel *m_title;
    QList<QLabel *> m_fields;
    UsageChart *m_chart;
    QTimer *m_chartClock; // the chart's right edge is now: it moves while a domain is shown
};

} // namespace clonedeck
