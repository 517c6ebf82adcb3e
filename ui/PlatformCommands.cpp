#include "PlatformCommands.h"

#include "Operations.h"
#include "Prompts.h"
#include "RequestTicketDialog.h"

#include <QAction>
#include <QWidget>

namespace clonedeck {

PlatformCommands::PlatformCommands(Operations *operations, SelectionProvider selection, QWidget *window)
    : QObject(window)
    , m_operations(operations)
    , m_selection(std::move(selection))
    , m_window(window)
    , m_requestTicket(action(tr("&Request ticket…"), QKeySequence(Qt::CTRL | Qt::Key_T),
                             &PlatformCommands::requestTicket))
    , m_spawn(action(tr("&Spawn clones…"), QKeySequence(Qt::CTRL | Qt::Key_N), &PlatformCommands::spawn))
    , m_destroy(action(tr("&Destroy selected"), QKeySequence::Delete, &PlatformCommands::destroySelected))
    , m_killTicket(action(tr("&Kill selected ticket"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
                          &PlatformCommands::killSelectedTicket))
{}

QAction *PlatformCommands::action(const QString &text, const QKeySequence &shortcut,
                                  void (PlatformCommands::*slot)())
{
    auto *action = new QAction(text, m_window);
    action->setShortcut(shortcut);
    connect(action, &QAction::triggered, this, slot);
    return action;
}

int PlatformCommands::master() const
{
    const Selection selection = m_selection();
    return selection.domains.isEmpty() ? m_operations->defaultMaster() : selection.domains.first().master;
}

void PlatformCommands::askTicket(
    const QString &title,
    const std::function<void(int master, int count, int vcpus, qint64 memoryMb, qint64 timeoutMs)> &then)
{
    if (master() < 0)
        return then(-1, 0, 0, 0, 0); // nothing to ask for: Operations says why
    // Window-modal and asynchronous: the console keeps running while it is open.
    auto *dialog = new RequestTicketDialog(title, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, then] {
        then(master(), dialog->count(), dialog->vcpus(), dialog->memoryMb(), dialog->timeoutMs());
    });
    dialog->open();
}

void PlatformCommands::requestTicket()
{
    askTicket(tr("Request ticket"),
              [this](int master, int count, int vcpus, qint64 memoryMb, qint64 timeoutMs) {
                  m_operations->requestTicket(master, {count, vcpus, memoryMb, timeoutMs});
              });
}

void PlatformCommands::spawn()
{
    askTicket(tr("Spawn clones"),
              [this](int master, int count, int vcpus, qint64 memoryMb, qint64 timeoutMs) {
                  m_operations->spawn(master, {count, vcpus, memoryMb, timeoutMs});
              });
}

void PlatformCommands::destroySelected()
{
    QList<int> domids;
    QStringList plan; // the confirmation says exactly what will happen: a dry run of the bulk action
    for (const DomainInfo &d : m_selection().domains) {
        if (d.role != DomainRole::Clone)
            continue;
        domids.append(d.domid);
        plan.append(tr("kill domain %1 (%2, %3, ticket %4)").arg(d.domid).arg(d.name, d.ip, d.ticket));
    }
    if (domids.isEmpty())
        return emit message(tr("Select one or more clones to destroy (masters are not destroyed)."), true);
    Prompts::confirm(m_window, tr("Destroy clones"), tr("Destroy %n clone(s)?", nullptr, int(domids.size())),
                     plan.join(QLatin1Char('\n')), [this, domids] { m_operations->destroy(domids); });
}

void PlatformCommands::killSelectedTicket()
{
    const QString ticket = m_selection().ticket;
    if (ticket.isEmpty())
        return emit message(tr("Select a ticket in the Tickets tab first."), true);
    m_operations->killTicket(ticket);
}

} // namespace clonedeck
