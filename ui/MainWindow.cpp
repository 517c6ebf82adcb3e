#include "MainWindow.h"

#include "AgentCommands.h"
#include "AgentLauncher.h"
#include "AgentModel.h"
#include "AgentsView.h"
#include "ClusterMirror.h"
#include "ConsoleSettings.h"
#include "DashboardView.h"
#include "EventLogModel.h"
#include "Log.h"
#include "MembershipModel.h"
#include "OperationProgress.h"
#include "PlatformActions.h"
#include "PolicyView.h"
#include "PreferencesDialog.h"
#include "RequestTicketDialog.h"
#include "TestBenchView.h"
#include "TicketModel.h"
#include "XenstoreClient.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace clonedeck {

namespace {
QWidget *withFilter(QWidget *view, QSortFilterProxyModel *proxy, const QString &placeholder, QWidget *parent)
{
    auto *page = new QWidget(parent);
    auto *filter = new QLineEdit(page);
    filter->setPlaceholderText(placeholder);
    filter->setAccessibleName(placeholder);
    filter->setClearButtonEnabled(true);
    QObject::connect(filter, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(filter);
    layout->addWidget(view, 1);
    return page;
}
} // namespace

MainWindow::MainWindow(const ConsoleServices &services, QWidget *parent)
    : QMainWindow(parent)
    , m_services(services)
    , m_membership(new MembershipModel(this))
    , m_tickets(new TicketModel(this))
    , m_membershipProxy(new QSortFilterProxyModel(this))
    , m_logProxy(new QSortFilterProxyModel(this))
    , m_membershipView(new QTreeView(this))
    , m_ticketView(new QTableView(this))
    , m_connection(new QLabel(tr("Disconnected"), this))
    , m_uptime(new QTimer(this))
    , m_tabs(new QTabWidget(this))
{
    setWindowTitle(tr("Clonedeck"));
    resize(1200, 760);

    ClusterMirror *mirror = m_services.mirror;
    connect(mirror, &ClusterMirror::domainAdded, m_membership, &MembershipModel::addDomain);
    connect(mirror, &ClusterMirror::domainChanged, m_membership, &MembershipModel::changeDomain);
    connect(mirror, &ClusterMirror::domainRemoved, m_membership, &MembershipModel::removeDomain);
    connect(mirror, &ClusterMirror::ticketAdded, m_tickets, &TicketModel::addTicket);
    connect(mirror, &ClusterMirror::ticketChanged, m_tickets, &TicketModel::changeTicket);
    connect(mirror, &ClusterMirror::ticketRemoved, m_tickets, &TicketModel::removeTicket);
    connect(mirror, &ClusterMirror::malformedRecord, this, [](const QString &path, const QString &reason) {
        spdlog::warn("ignored a malformed record at {}: {}", path, reason);
    });
    connect(m_uptime, &QTimer::timeout, m_membership, &MembershipModel::refreshUptime);
    m_uptime->start(1000);
    buildAgents();

    m_tabs->setObjectName(QStringLiteral("tabs"));
    auto addTab = [this](QWidget *page, const QString &name, const QString &title) {
        page->setObjectName(name);
        m_tabs->addTab(page, title);
    };
    addTab(buildMembershipTab(), QStringLiteral("membership"), tr("&Membership"));
    addTab(buildTicketTab(), QStringLiteral("tickets"), tr("&Tickets"));
    addTab(m_agentsView, QStringLiteral("agents"), tr("&Agents"));
    addTab(m_testBench, QStringLiteral("testbench"), tr("Test &bench"));
    addTab(new DashboardView(mirror, this), QStringLiteral("dashboard"), tr("&Dashboard"));
    if (m_services.policies != nullptr) {
        auto *policyView = new PolicyView(m_services.policies, this);
        connect(policyView, &PolicyView::message, this, &MainWindow::report);
        addTab(policyView, QStringLiteral("policy"), tr("&Policy"));
    }
    addTab(buildLogTab(), QStringLiteral("events"), tr("&Event log"));
    setCentralWidget(m_tabs);

    watchConnection();
    buildActions();
}

QWidget *MainWindow::buildMembershipTab()
{
    m_membershipProxy->setSourceModel(m_membership);
    m_membershipProxy->setSortRole(MembershipModel::SortRole);
    m_membershipProxy->setRecursiveFilteringEnabled(true);
    m_membershipProxy->setFilterKeyColumn(-1);
    m_membershipProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_membershipView->setModel(m_membershipProxy);
    m_membershipView->setObjectName(QStringLiteral("membershipView"));
    m_membershipView->setAccessibleName(tr("Cluster membership"));
    m_membershipView->setSortingEnabled(true);
    m_membershipView->sortByColumn(MembershipModel::Domid, Qt::AscendingOrder);
    m_membershipView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_membershipView->setUniformRowHeights(true);
    m_membershipView->header()->setDefaultSectionSize(80); // every column, the agent's last, fits in 1200 px
    m_membershipView->header()->resizeSection(MembershipModel::Name, 240);
    m_membershipView->header()->resizeSection(MembershipModel::Memory, 100);
    // Expand what grew, not the whole tree: expandAll() per inserted row relaid out every row
    // each time, 5.4 s for a 10,000-domain cold load.
    connect(m_membershipProxy, &QAbstractItemModel::rowsInserted, m_membershipView,
            [this](const QModelIndex &parent, int first, int last) {
                if (parent.isValid() && !m_membershipView->isExpanded(parent))
                    m_membershipView->expand(parent);
                for (int row = first; row <= last; ++row) {
                    const QModelIndex index = m_membershipProxy->index(row, 0, parent);
                    const auto kind = MembershipModel::Kind(index.data(MembershipModel::KindRole).toInt());
                    if (kind != MembershipModel::Kind::Clone)
                        m_membershipView->expand(index);
                }
            });
    return withFilter(m_membershipView, m_membershipProxy, tr("Filter domains (name, IP, state, ticket…)"),
                      this);
}

QWidget *MainWindow::buildTicketTab()
{
    auto *ticketProxy = new QSortFilterProxyModel(this);
    ticketProxy->setSourceModel(m_tickets);
    ticketProxy->setSortRole(TicketModel::SortRole);
    m_ticketView->setModel(ticketProxy);
    m_ticketView->setObjectName(QStringLiteral("ticketView"));
    m_ticketView->setAccessibleName(tr("Tickets"));
    m_ticketView->setSortingEnabled(true);
    m_ticketView->sortByColumn(TicketModel::Id, Qt::DescendingOrder);
    m_ticketView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ticketView->horizontalHeader()->setStretchLastSection(true);
    return m_ticketView;
}

QWidget *MainWindow::buildLogTab()
{
    m_logProxy->setSourceModel(m_services.log);
    m_logProxy->setFilterKeyColumn(-1);
    m_logProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    auto *logView = new QTableView(this);
    logView->setModel(m_logProxy);
    logView->setAccessibleName(tr("Event log"));
    logView->horizontalHeader()->setStretchLastSection(true);
    logView->verticalHeader()->hide();
    auto *logPage = withFilter(logView, m_logProxy, tr("Search the event log"), this);
    auto *exportButton = new QPushButton(tr("&Export…"), logPage);
    connect(exportButton, &QPushButton::clicked, this, &MainWindow::exportLog);
    logPage->layout()->addWidget(exportButton);
    connect(m_services.log, &QAbstractItemModel::rowsInserted, logView,
            [logView] { logView->scrollToBottom(); });
    return logPage;
}

void MainWindow::buildAgents()
{
    // One direction: sessions -> agent model -> membership's agent column.
    m_agents = new AgentModel(this);
    m_agents->setCoalescingMs(m_services.settings->coalescingMs());
    m_agents->follow(m_services.sessions);
    connect(m_services.agentLauncher, &AgentLauncher::launched, m_agents, &AgentModel::addSession);
    connect(m_agents, &AgentModel::domainAgentStateChanged, m_membership, &MembershipModel::setAgentState);
    m_agentsView = new AgentsView(m_agents, this);
    m_testBench = new TestBenchView(m_services, this);
    m_agentCommands = new AgentCommands(
        m_services.agentLauncher, m_agents, m_services.settings,
        [this] {
            AgentCommands::Selection selection;
            if (currentTab() == QLatin1String("agents")) {
                selection.sessions = m_agentsView->selectedSessions();
                selection.domids = m_agentsView->selectedDomids();
            } else {
                selection.domids = selectedDomids();
            }
            return selection;
        },
        this);
    connect(m_agentCommands, &AgentCommands::message, this, &MainWindow::report);
}

void MainWindow::watchConnection()
{
    m_operations = new OperationProgress(this);
    m_operations->setObjectName(QStringLiteral("operations"));
    statusBar()->addPermanentWidget(m_operations);
    statusBar()->addPermanentWidget(m_connection);
    connect(m_services.client, &XenstoreClient::stateChanged, this,
            [this](XenstoreClient::State state, int retryInMs) {
                switch (state) {
                case XenstoreClient::State::Connected:
                    m_connection->setText(tr("● Connected to %1").arg(m_services.client->socketPath()));
                    break;
                case XenstoreClient::State::Connecting:
                    m_connection->setText(tr("Connecting…"));
                    break;
                case XenstoreClient::State::Reconnecting:
                    m_connection->setText(
                        retryInMs > 0 ? tr("Reconnecting in %1 s…").arg(double(retryInMs) / 1000, 0, 'f', 1)
                                      : tr("Reconnecting…"));
                    break;
                case XenstoreClient::State::Disconnected:
                    m_connection->setText(tr("Disconnected"));
                    break;
                }
            });
}

MainWindow::~MainWindow() = default;

void MainWindow::showPolicies()
{
    showTab(QStringLiteral("policy"));
}

void MainWindow::showTab(const QString &name)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i)->objectName() == name)
            return m_tabs->setCurrentIndex(i);
    }
}

QString MainWindow::currentTab() const
{
    return m_tabs->currentWidget() ? m_tabs->currentWidget()->objectName() : QString();
}

QList<int> MainWindow::selectedDomids() const
{
    QList<int> domids;
    for (const QModelIndex &index : m_membershipView->selectionModel()->selectedRows()) {
        if (const auto domain = m_membership->domain(m_membershipProxy->mapToSource(index)))
            domids.append(domain->domid);
    }
    return domids;
}

void MainWindow::buildActions()
{
    auto make = [this](const QString &text, const QKeySequence &shortcut, void (MainWindow::*slot)()) {
        auto *action = new QAction(text, this);
        action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_requestTicket =
        make(tr("&Request ticket…"), QKeySequence(Qt::CTRL | Qt::Key_T), &MainWindow::requestTicket);
    m_spawn = make(tr("&Spawn clones…"), QKeySequence(Qt::CTRL | Qt::Key_N), &MainWindow::spawnClones);
    m_destroy = make(tr("&Destroy selected"), QKeySequence::Delete, &MainWindow::destroySelected);
    m_killTicket = make(tr("&Kill selected ticket"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
                        &MainWindow::killSelectedTicket);
    m_palette =
        make(tr("Command &palette…"), QKeySequence(Qt::CTRL | Qt::Key_K), &MainWindow::showCommandPalette);
    m_preferences =
        make(tr("P&references…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), &MainWindow::showPreferences);
    if (m_services.policies != nullptr)
        make(tr("Elastic p&olicies"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
             &MainWindow::showPolicies);
    // Added to the window, so their shortcuts work on every tab and the palette lists them.
    addActions(
        {m_agentCommands->launchAction(), m_agentCommands->stopAction(), m_agentCommands->restartAction()});
    auto *toolbar = addToolBar(tr("Actions"));
    toolbar->setObjectName(QStringLiteral("actions"));
    for (QAction *action : {m_requestTicket, m_spawn, m_destroy, m_killTicket})
        toolbar->addAction(action);
    toolbar->addSeparator();
    toolbar->addActions(
        {m_agentCommands->launchAction(), m_agentCommands->stopAction(), m_agentCommands->restartAction()});
    toolbar->addSeparator();
    toolbar->addAction(m_preferences);
}

void MainWindow::showPreferences()
{
    auto *dialog = new PreferencesDialog(m_services.settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        m_agents->setCoalescingMs(m_services.settings->coalescingMs());
        report(tr("Preferences saved; the connection and language apply at the next start."), false);
    });
    dialog->open();
}

int MainWindow::masterForSelection() const
{
    const QModelIndexList selected = m_membershipView->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected) {
        if (const auto domain = m_membership->domain(m_membershipProxy->mapToSource(index)))
            return domain->master;
    }
    for (const DomainInfo &domain : m_services.mirror->domains()) {
        if (domain.role == DomainRole::Master)
            return domain.domid;
    }
    return -1;
}

void MainWindow::report(const QString &message, bool error)
{
    statusBar()->showMessage(message, 10000);
    if (error)
        spdlog::error("{}", message);
    else
        spdlog::info("{}", message);
}

void MainWindow::requestTicket()
{
    const int master = masterForSelection();
    if (master < 0)
        return report(tr("No master to request a ticket for: is the platform connected?"), true);
    RequestTicketDialog dialog(tr("Request ticket"), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    report(tr("Requesting %1 × %2 vCPU / %3 MB for domain %4…")
               .arg(dialog.count())
               .arg(dialog.vcpus())
               .arg(dialog.memoryMb())
               .arg(master),
           false);
    const int requested = dialog.count();
    // The platform may hold the request for its whole timeout while it waits for capacity.
    const int operation = m_operations->begin(
        tr("Requesting a ticket for %1 clone(s)").arg(requested), dialog.timeoutMs(), [this] {
            report(tr("Ticket request cancelled; a ticket granted after "
                      "all is released at once."),
                   false);
        });
    m_services.actions
        ->requestTicket(master, requested, dialog.vcpus(), dialog.memoryMb(), dialog.timeoutMs())
        .then(this, [this, master, requested, operation](const Result<TicketGrant> &grant) {
            const bool cancelled = m_operations->isCancelled(operation);
            m_operations->end(operation);
            if (cancelled) {
                if (grant)
                    m_services.actions->release(master, grant->ticket);
                return;
            }
            if (grant)
                report(
                    tr("Ticket %1: granted %2 of %3").arg(grant->ticket).arg(grant->granted).arg(requested),
                    false);
            else
                report(tr("Ticket request failed: %1").arg(grant.error().toString()), true);
        });
}

void MainWindow::spawnClones()
{
    const int master = masterForSelection();
    if (master < 0)
        return report(tr("No master to clone: is the platform connected?"), true);
    RequestTicketDialog dialog(tr("Spawn clones"), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const int operation =
        m_operations->begin(tr("Spawning %n clone(s)", nullptr, dialog.count()), dialog.timeoutMs(), [this] {
            report(tr("Spawning cancelled; clones that arrive after all are destroyed at once."), false);
        });
    m_services.actions->spawn(master, dialog.count(), dialog.vcpus(), dialog.memoryMb(), dialog.timeoutMs())
        .then(this, [this, master, operation](const Result<QList<int>> &domids) {
            const bool cancelled = m_operations->isCancelled(operation);
            m_operations->end(operation);
            if (cancelled) {
                for (int domid : domids ? *domids : QList<int>{})
                    m_services.actions->killDomain(master, domid);
                return;
            }
            if (domids)
                report(tr("Spawned %n clone(s)", nullptr, int(domids->size())), false);
            else
                report(tr("Spawning failed: %1").arg(domids.error().toString()), true);
        });
}

void MainWindow::destroySelected()
{
    QList<DomainInfo> targets;
    for (const QModelIndex &index : m_membershipView->selectionModel()->selectedRows()) {
        const auto domain = m_membership->domain(m_membershipProxy->mapToSource(index));
        if (domain && domain->role == DomainRole::Clone)
            targets.append(*domain);
    }
    if (targets.isEmpty())
        return report(tr("Select one or more clones to destroy (masters are not destroyed)."), true);
    // The confirmation says exactly what will happen: a dry run of the bulk action.
    QStringList lines;
    for (const DomainInfo &d : targets)
        lines.append(tr("kill domain %1 (%2, %3, ticket %4)").arg(d.domid).arg(d.name, d.ip, d.ticket));
    auto *confirm = new QMessageBox(QMessageBox::Question, tr("Destroy clones"),
                                    tr("Destroy %n clone(s)?", nullptr, int(targets.size())),
                                    QMessageBox::Yes | QMessageBox::Cancel, this);
    confirm->setObjectName(QStringLiteral("confirmDestroy"));
    confirm->setInformativeText(lines.join(QLatin1Char('\n')));
    confirm->setAttribute(Qt::WA_DeleteOnClose);
    connect(confirm, &QMessageBox::finished, this, [this, targets](int result) {
        if (result != QMessageBox::Yes)
            return;
        for (const DomainInfo &d : targets) {
            m_services.actions->killDomain(0, d.domid)
                .then(this, [this, domid = d.domid](const Status &status) {
                    if (!status)
                        report(
                            tr("Destroying domain %1 failed: %2").arg(domid).arg(status.error().toString()),
                            true);
                });
        }
        report(tr("Destroying %n clone(s)", nullptr, int(targets.size())), false);
    });
    confirm->open();
}

void MainWindow::killSelectedTicket()
{
    const QModelIndexList rows =
        m_ticketView->selectionModel() ? m_ticketView->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty())
        return report(tr("Select a ticket in the Tickets tab first."), true);
    const QString ticket = rows.first().data(TicketModel::TicketIdRole).toString();
    m_services.actions->killTicket(0, ticket).then(this, [this, ticket](const Result<int> &killed) {
        if (killed)
            report(tr("Ticket %1 ended, %2 clone(s) killed").arg(ticket).arg(*killed), false);
        else
            report(tr("Killing ticket %1 failed: %2").arg(ticket, killed.error().toString()), true);
    });
}

void MainWindow::showCommandPalette()
{
    QStringList names;
    QList<QAction *> actions;
    for (QAction *action : this->actions()) {
        if (action == m_palette)
            continue;
        names.append(action->text().remove(QLatin1Char('&')) + QStringLiteral("  (") +
                     action->shortcut().toString(QKeySequence::NativeText) + QLatin1Char(')'));
        actions.append(action);
    }
    bool ok = false;
    const QString chosen =
        QInputDialog::getItem(this, tr("Command palette"), tr("Run:"), names, 0, true, &ok);
    if (ok && names.contains(chosen))
        actions[names.indexOf(chosen)]->trigger();
}

void MainWindow::exportLog()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export event log"), QStringLiteral("clonedeck-events.txt"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_services.log->toText().toUtf8()) < 0)
        return report(tr("Cannot write %1: %2").arg(path, file.errorString()), true);
    report(tr("Event log exported to %1").arg(path), false);
}

} // namespace clonedeck
