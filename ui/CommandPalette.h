#pragma once

// The command palette (Ctrl+K): a popup over the main window — a line to type in and the
// best matches below it — over every action, domain, ticket and agent session, recent
// choices first (PaletteIndex in core does the matching). Keyboard only: type, Up/Down,
// Enter chooses, Escape closes. What a choice does is the window's business (chosen()).
#include "PaletteIndex.h"

#include <QFrame>

#include <functional>

class QLineEdit;
class QListWidget;

namespace clonedeck {

class CommandPalette : public QFrame
{
    Q_OBJECT
public:
    using EntriesProvider = std::function<QList<PaletteEntry>()>;

    CommandPalette(EntriesProvider entries, QWidget *window);

    // Gathers the entries afresh and shows the palette, empty, with the recent choices first.
    void popUp();
    QLineEdit *input() const { return m_input; }
    QListWidget *list() const { return m_list; }
    const PaletteIndex &index() const { return m_index; }
    // The recent choices of an earlier start (newest first).
    void setRecent(const QStringList &keys) { m_index.setRecent(keys); }

    static constexpr int kShown = 50; // matches listed at once; typing narrows

signals:
    void chosen(const clonedeck::PaletteEntry &entry);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refilter();
    void chooseCurrent();
    void place();

    EntriesProvider m_entries;
    PaletteIndex m_index;
    QList<PaletteEntry> m_shown;
    QLineEdit *m_input;
    QListWidget *m_list;
};

} // namespace clonedeck
