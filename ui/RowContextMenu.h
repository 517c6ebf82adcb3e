#pragma once

// The menu on a membership row (right click): spawn clones from this master, destroy,
// launch an agent, open a terminal, copy the IP, copy the ssh command. The first three are
// the window's own actions (they act on the selection, which the click has made this row);
// the last three are made here, with the palette and the toolbar reaching them too.
#include "PlatformRecords.h"

#include <QObject>

#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace clonedeck {

class CloneTerminal;

class RowContextMenu : public QObject
{
    Q_OBJECT
public:
    using SelectionProvider = std::function<QList<DomainInfo>()>;

    RowContextMenu(CloneTerminal *terminal, SelectionProvider selection,
                   const QList<QAction *> &windowActions, QWidget *window);

    QMenu *menu() const { return m_menu; }
    QAction *openTerminalAction() const { return m_openTerminal; }
    QAction *copyIpAction() const { return m_copyIp; }
    QAction *copySshAction() const { return m_copySsh; }
    QList<QAction *> actions() const { return {m_openTerminal, m_copyIp, m_copySsh}; }
    void popup(const QPoint &globalPosition);

signals:
    void message(const QString &text, bool error);

private:
    std::optional<DomainInfo> first() const;
    void openTerminal();
    void copyIp();
    void copySshCommand();

    CloneTerminal *m_terminal;
    SelectionProvider m_selection;
    QAction *m_openTerminal;
    QAction *m_copyIp;
    QAction *m_copySsh;
    QMenu *m_menu;
};

} // namespace clonedeck
