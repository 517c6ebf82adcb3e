#include "AgentsView.h"

#include "SortedView.h"
#include "StateSortProxy.h"

#include "AgentModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace clonedeck {

namespace {
QPlainTextEdit *makeStream(const QString &name, const QString &title, QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setAccessibleName(title);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setMaximumBlockCount(AgentModel::kLinesKept); // the model keeps no more either
    view->setFont(QFont(QStringLiteral("monospace")));
    view->setPlaceholderText(title);
    return view;
}
} // namespace

AgentsView::AgentsView(AgentModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new StateSortProxy(AgentModel::ToneRole, AgentModel::State, this))
    , m_table(new QTableView(this))
    , m_heading(new QLabel(tr("Select an agent to follow its output."), this))
    , m_stdout(makeStream(QStringLiteral("agentStdout"), tr("Standard output"), this))
    , m_stderr(makeStream(QStringLiteral("agentStderr"), tr("Standard error"), this))
{
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    showSorted(m_table, m_proxy, m_model, AgentModel::SortRole, AgentModel::Since, Qt::DescendingOrder,
               QStringLiteral("agentTable"), tr("Agents"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false); // one line per agent; the heading below shows it all
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(AgentModel::Command, 220);
    m_table->horizontalHeader()->moveSection(AgentModel::Host, 0); // grouped by host, as in Tickets

    auto *filter = new QLineEdit(this);
    filter->setPlaceholderText(tr("Filter agents (domain, address, command, state…)"));
    filter->setAccessibleName(filter->placeholderText());
    filter->setClearButtonEnabled(true);
    connect(filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    auto *streams = new QSplitter(Qt::Horizontal, this);
    for (QPlainTextEdit *view : {m_stdout, m_stderr}) {
        auto *pane = new QWidget(streams);
        auto *layout = new QVBoxLayout(pane);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(new QLabel(view->accessibleName(), pane));
        layout->addWidget(view, 1);
        streams->addWidget(pane);
    }
    streams->setStretchFactor(0, 3);
    streams->setStretchFactor(1, 2);
    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_heading->setObjectName(QStringLiteral("agentHeading"));
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailLayout->addWidget(m_heading);
    detailLayout->addWidget(streams, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(detail);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(filter);
    layout->addWidget(split, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                follow(current.data(AgentModel::SessionIdRole).toULongLong());
            });
    connect(m_model, &AgentModel::lineAppended, this, &AgentsView::onLine);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const int row = m_model->rowOf(m_followed);
                if (m_followed != 0 && row >= topLeft.row() && row <= bottomRight.row() &&
                    topLeft.column() <= AgentModel::State)
                    follow(m_followed); // the heading shows the state
            });
}

void AgentsView::follow(AgentSessionId id)
{
    const bool same = id == m_followed;
    m_followed = id;
    const int row = m_model->rowOf(id);
    if (row < 0) {
        m_heading->setText(tr("Select an agent to follow its output."));
        m_stdout->clear();
        m_stderr->clear();
        return;
    }
    auto cell = [&](int column) { return m_model->index(row, column).data().toString(); };
    m_heading->setText(tr("Domain %1 at %2: %3 — %4")
                           .arg(cell(AgentModel::Clone), cell(AgentModel::Address), cell(AgentModel::Command),
                                cell(AgentModel::State)));
    if (same)
        return;
    // Reload from the model's tail; later lines arrive through onLine.
    m_stdout->setPlainText(m_model->lines(id, AgentStream::Stdout).join(QLatin1Char('\n')));
    m_stderr->setPlainText(m_model->lines(id, AgentStream::Stderr).join(QLatin1Char('\n')));
}

void AgentsView::onLine(AgentSessionId id, AgentStream stream, const QString &line)
{
    if (id != m_followed || id == 0)
        return;
    (stream == AgentStream::Stdout ? m_stdout : m_stderr)->appendPlainText(line);
}

QList<AgentSessionId> AgentsView::selectedSessions() const
{
    QList<AgentSessionId> ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids.append(index.data(AgentModel::SessionIdRole).toULongLong());
    return ids;
}

QList<int> AgentsView::selectedDomids(QStringList *hosts) const
{
    QList<int> domids;
    QSet<std::pair<QString, int>> seen;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        const int domid = index.data(AgentModel::DomidRole).toInt();
        const QString host = index.data(AgentModel::HostRole).toString();
        if (seen.contains({host, domid}))
            continue;
        seen.insert({host, domid});
        domids.append(domid);
        if (hosts)
            hosts->append(host);
    }
    return domids;
}

void AgentsView::selectSession(AgentSessionId id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
}

} // namespace clonedeck
