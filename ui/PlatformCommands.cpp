#include "PlatformCommands.h"

#include "ConsoleIcons.h"
#include "Operations.h"
#include "Prompts.h"
#include "RequestTicketDialog.h"

#include <QAction>
#include <QMap>
#include <QWidget>

namespace clonedeck {

PlatformCommands::PlatformCommands(Operations *operations, SelectionProvider selection, QWidget *window)
    : QObject(window)
    , m_operations(operations)
    , m_selection(std::move(selection))
    , m_window(window)
    , m_requestTicket(action(tr("&Request ticket…"), QKeySequence(Qt::CTRL | Qt::Key_T), "document-new",
                             "ticket", &PlatformCommands::requestTicket))
    , m_spawn(action(tr("&Spawn clones…"), QKeySequence(Qt::CTRL | Qt::Key_N), "list-add", "spawn",
                     &PlatformCommands::spawn))
    , m_destroy(action(tr("&Destroy selected"), QKeySequence::Delete, "edit-delete", "destroy",
                       &PlatformCommands::destroySelected))
    , m_killTicket(action(tr("&Kill selected ticket"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
                          "process-stop", "kill-ticket", &PlatformCommands::killSelectedTicket))
{}

QAction *PlatformCommands::action(const QString &text, const QKeySequence &shortcut, const char *themeIcon,
                                  const char *bundledIcon, void (PlatformCommands::*slot)())
{
    auto *action = new QAction(text, m_window);
    action->setShortcut(shortcut);
    action->setIcon(ConsoleIcons::action(QLatin1String(themeIcon), QLatin1String(bundledIcon)));
    connect(action, &QAction::triggered, this, slot);
    return action;
}

std::pair<int, QString> PlatformCommands::master() const
{
    const Selection selection = m_selection();
    if (selection.domains.isEmpty())
        return {m_operations->defaultMaster(selection.host), selection.host};
    return {selection.domains.first().master, selection.hosts.value(0)};
}

void PlatformCommands::askTicket(
    const QString &title,
    const std::function<void(int master, const QString &host, const Operations::TicketRequest &)> &then)
{
    if (const auto [domid, host] = master(); domid < 0)
        return then(-1, host, {}); // nothing to ask for: Operations says why
    // Window-modal and asynchronous: the console keeps running while it is open.
    auto *dialog = new RequestTicketDialog(title, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, then] {
        const auto [domid, host] = master();
        then(domid, host, {dialog->count(), dialog->vcpus(), dialog->memoryMb(), dialog->timeoutMs()});
    });
    dialog->open();
}

void PlatformCommands::requestTicket()
{
    askTicket(tr("Request ticket"),
              [this](int master, const QString &host, const Operations::TicketRequest &request) {
                  m_operations->requestTicket(master, request, host);
              });
}

void PlatformCommands::spawn()
{
    askTicket(tr("Spawn clones"),
              [this](int master, const QString &host, const Operations::TicketRequest &request) {
                  m_operations->spawn(master, request, host);
              });
}

void PlatformCommands::destroySelected()
{
    const Selection selection = m_selection();
    QMap<QString, QList<int>> domidsByHost; // each host's platform destroys its own
    int count = 0;
    QStringList plan; // the confirmation says exactly what will happen: a dry run of the bulk action
    for (qsizetype i = 0; i < selection.domains.size(); ++i) {
        const DomainInfo &d = selection.domains[i];
        if (d.role != DomainRole::Clone)
            continue;
        const QString host = selection.hosts.value(i);
        domidsByHost[host].append(d.domid);
        ++count;
        plan.append(tr("kill domain %1 (%2, %3, ticket %4)").arg(d.domid).arg(d.name, d.ip, d.ticket) +
                    (host.isEmpty() ? QString() : tr(" on %1").arg(host)));
    }
    if (count == 0)
        return emit message(tr("Select one or more clones to destroy (masters are not destroyed)."), true);
    Prompts::confirm(m_window, tr("Destroy clones"), tr("Destroy %n clone(s)?", nullptr, count),
                     plan.join(QLatin1Char('\n')), [this, domidsByHost] {
                         for (auto it = domidsByHost.begin(); it != domidsByHost.end(); ++it)
                             m_operations->destroy(it.value(), it.key());
                     });
}

void PlatformCommands::killSelectedTicket()
{
    const Selection selection = m_selection();
    if (selection.ticket.isEmpty())
        return emit message(tr("Select a ticket in the Tickets tab first."), true);
    m_operations->killTicket(selection.ticket, selection.ticketHost);
}

} // namespace clonedeck
