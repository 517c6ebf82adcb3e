#include "RowContextMenu.h"

#include "CloneTerminal.h"
#include "ConsoleIcons.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>

namespace clonedeck {

RowContextMenu::RowContextMenu(CloneTerminal *terminal, SelectionProvider selection,
                               const QList<QAction *> &windowActions, QWidget *window)
    : QObject(window)
    , m_terminal(terminal)
    , m_selection(std::move(selection))
    , m_openTerminal(
          new QAction(ConsoleIcons::action(QStringLiteral("utilities-terminal"), QStringLiteral("terminal")),
                      tr("Open &terminal"), window))
    , m_copyIp(new QAction(ConsoleIcons::action(QStringLiteral("edit-copy"), QStringLiteral("copy")),
                           tr("Copy &IP"), window))
    , m_copySsh(new QAction(tr("Copy the &ssh command"), window))
    , m_menu(new QMenu(window))
{
    m_openTerminal->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_menu->setObjectName(QStringLiteral("rowMenu"));
    connect(m_openTerminal, &QAction::triggered, this, &RowContextMenu::openTerminal);
    connect(m_copyIp, &QAction::triggered, this, &RowContextMenu::copyIp);
    connect(m_copySsh, &QAction::triggered, this, &RowContextMenu::copySshCommand);
    m_menu->addActions(windowActions);
    m_menu->addSeparator();
    m_menu->addActions(actions());
}

void RowContextMenu::popup(const QPoint &globalPosition)
{
    m_menu->popup(globalPosition); // not exec(): no nested event loop
}

std::optional<DomainInfo> RowContextMenu::first() const
{
    const QList<DomainInfo> selected = m_selection();
    if (selected.isEmpty()) {
        emit const_cast<RowContextMenu *>(this)->message(tr("Select a domain first."), true);
        return std::nullopt;
    }
    return selected.first();
}

void RowContextMenu::openTerminal()
{
    const auto domain = first();
    if (!domain)
        return;
    if (auto opened = m_terminal->open(domain->domid); !opened)
        emit message(tr("Cannot open a terminal on %1: %2").arg(domain->name, opened.error().toString()),
                     true);
    else
        emit message(tr("Terminal opened on %1.").arg(domain->name), false);
}

void RowContextMenu::copyIp()
{
    if (const auto domain = first()) {
        QGuiApplication::clipboard()->setText(domain->ip);
        emit message(tr("Copied %1's IP %2.").arg(domain->name, domain->ip), false);
    }
}

void RowContextMenu::copySshCommand()
{
    const auto domain = first();
    if (!domain)
        return;
    const auto ssh = m_terminal->sshArguments(domain->domid);
    if (!ssh)
        return emit message(tr("No ssh command for %1: %2").arg(domain->name, ssh.error().toString()), true);
    QGuiApplication::clipboard()->setText(CloneTerminal::shellLine(*ssh));
    emit message(tr("Copied the ssh command for %1.").arg(domain->name), false);
}

} // namespace clonedeck
