#include "DomainDetailPane.h"

#include "AgentModel.h"
#include "ClusterMirror.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "UsageChart.h"
#include "UsageHistory.h"

#include <QFormLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

namespace clonedeck {

DomainDetailPane::DomainDetailPane(PlatformConnections *platforms, UsageHistory *history, QWidget *parent)
    : QWidget(parent)
    , m_platforms(platforms)
    , m_history(history)
    , m_title(new QLabel(this))
    , m_chart(new UsageChart(this))
    , m_chartClock(new QTimer(this))
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(form);
    layout->addWidget(m_chart, 1);
    const QList<std::pair<QString, QString>> fields{
        {QStringLiteral("ticket"), tr("Ticket")},   {QStringLiteral("backend"), tr("Backend")},
        {QStringLiteral("lineage"), tr("Lineage")}, {QStringLiteral("hostKey"), tr("Host key")},
        {QStringLiteral("agent"), tr("Agent")},     {QStringLiteral("lastOutput"), tr("Last output")},
        {QStringLiteral("usage"), tr("Usage")}};
    for (const auto &[name, title] : fields)
        form->addRow(title, addField(name, title));

    connect(history, &UsageHistory::changed, this, [this](const QString &host, int domid) {
        if (isShown(host, domid))
            refresh();
    });
    connect(platforms, &PlatformConnections::removing, this, [this](PlatformConnection *connection) {
        if (connection->name() == m_host)
            showDomain({}, -1);
    });
    m_chartClock->setInterval(2000);
    connect(m_chartClock, &QTimer::timeout, this, &DomainDetailPane::refreshChart);
    showDomain({}, -1);
}

// Only the shown host's mirror is followed: a change elsewhere cannot touch the pane.
void DomainDetailPane::followMirrorOf(const QString &host)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_mirrorConnections))
        disconnect(connection);
    m_mirrorConnections.clear();
    const PlatformConnection *platform = host.isEmpty() ? nullptr : m_platforms->find(host);
    m_mirror = platform ? platform->mirror() : nullptr;
    if (!m_mirror)
        return;
    auto onDomain = [this](const DomainInfo &domain) {
        if (domain.domid == m_domid)
            refresh();
    };
    m_mirrorConnections = {
        connect(m_mirror, &ClusterMirror::domainChanged, this,
                [onDomain](const DomainInfo &, const DomainInfo &after) { onDomain(after); }),
        connect(m_mirror, &ClusterMirror::domainRemoved, this, onDomain)};
}

QLabel *DomainDetailPane::addField(const QString &name, const QString &title)
{
    auto *label = new QLabel(this);
    label->setObjectName(name);
    label->setAccessibleName(title);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    m_fields.append(label);
    return label;
}

void DomainDetailPane::setField(const QString &field, const QString &text)
{
    for (QLabel *label : std::as_const(m_fields)) {
        if (label->objectName() == field)
            label->setText(text);
    }
}

QString DomainDetailPane::fieldText(const QString &field) const
{
    for (const QLabel *label : m_fields) {
        if (label->objectName() == field)
            return label->text();
    }
    return {};
}

void DomainDetailPane::setAgentModel(AgentModel *agents)
{
    m_agents = agents;
    // Agents change often (every output line): only the shown domain's newest session matters.
    connect(agents, &AgentModel::domainAgentStateChanged, this,
            [this](int domid, const QString &, const QString &host) {
                if (isShown(host, domid))
                    refreshAgent();
            });
    connect(agents, &AgentModel::lineAppended, this, [this](AgentSessionId id) {
        if (m_domid >= 0 && m_agents->newestSessionOn(m_domid, m_host) == id)
            refreshAgent();
    });
}

void DomainDetailPane::showDomain(const QString &host, int domid)
{
    if (host != m_host || !m_mirror)
        followMirrorOf(host);
    m_host = host;
    m_domid = domid;
    refresh();
}

void DomainDetailPane::refresh()
{
    const bool shown = m_mirror && m_mirror->domains().contains(m_domid);
    for (QLabel *label : std::as_const(m_fields))
        label->setVisible(shown);
    m_chart->setVisible(shown);
    if (!shown) {
        m_title->setText(tr("Select a domain to see its details."));
        m_chartClock->stop();
        return;
    }
    const DomainInfo d = m_mirror->domains().value(m_domid);
    m_title->setText(tr("%1 (domid %2, %3)").arg(d.name).arg(d.domid).arg(toString(d.state)));
    setField(QStringLiteral("ticket"), d.ticket.isEmpty() ? tr("none (a master)") : d.ticket);
    setField(QStringLiteral("backend"), d.backend.isEmpty() ? tr("unknown") : d.backend);
    const DomainInfo master = m_mirror->domains().value(d.master);
    setField(QStringLiteral("lineage"),
             d.role == DomainRole::Master
                 ? tr("master of cluster %1").arg(d.cluster)
                 : tr("clone %1 of %2 (domid %3), cluster %4")
                       .arg(d.vmid)
                       .arg(master.name.isEmpty() ? tr("an unknown master") : master.name)
                       .arg(d.master)
                       .arg(d.cluster));
    const DomainUsage usage = m_mirror->usage().value(d.domid);
    setField(QStringLiteral("usage"),
             usage.isIdle()
                 ? tr("idle (nothing running)")
                 : tr("%1 % CPU, %2 MB resident, %3 MB proportional, %4 process(es)")
                       .arg(usage.cpuPercent)
                       .arg(usage.rssKb / 1024)
                       .arg(usage.pssKb < 0 ? QStringLiteral("?") : QString::number(usage.pssKb / 1024))
                       .arg(usage.processes));
    refreshAgent();
    refreshChart();
    m_chartClock->start();
}

void DomainDetailPane::refreshChart()
{
    const DomainInfo d = m_mirror ? m_mirror->domains().value(m_domid) : DomainInfo{};
    m_chart->setPoints(m_history->points(m_host, m_domid), 100 * std::max(1, d.vcpus), d.memoryMb * 1024);
}

void DomainDetailPane::refreshAgent()
{
    const AgentSessionId id =
        m_agents && m_domid >= 0 ? m_agents->newestSessionOn(m_domid, m_host) : AgentSessionId{};
    const int row = m_agents ? m_agents->rowOf(id) : -1;
    if (row < 0) {
        setField(QStringLiteral("agent"), tr("none launched"));
        setField(QStringLiteral("lastOutput"), QString());
        setField(QStringLiteral("hostKey"), tr("not seen yet (no agent has connected)"));
        return;
    }
    auto cell = [this, row](int column) { return m_agents->index(row, column).data().toString(); };
    setField(QStringLiteral("agent"), tr("%1 (%2)").arg(cell(AgentModel::Command), cell(AgentModel::State)));
    setField(QStringLiteral("lastOutput"), cell(AgentModel::LastOutput));
    const QString fingerprint = m_agents->hostKeyFingerprint(id);
    setField(QStringLiteral("hostKey"), fingerprint.isEmpty() ? tr("not verified yet") : fingerprint);
}

} // namespace clonedeck
