#pragma once

// The main window's tabs, each page named (its object name) so that actions, the palette
// and tests open a tab by name rather than by a position that moves when a tab is added.
#include <QTabWidget>

namespace clonedeck {

class ConsoleTabs : public QTabWidget
{
    Q_OBJECT
public:
    explicit ConsoleTabs(QWidget *parent = nullptr);

    void addPage(QWidget *page, const QString &title, const QString &name);
    // Opens the page with this name; nothing happens for a name no page has.
    void showPage(const QString &name);
    QString currentPage() const;
};

} // namespace clonedeck
