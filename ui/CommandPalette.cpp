#include "CommandPalette.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace clonedeck {

namespace {
QString kindName(PaletteEntry::Kind kind)
{
    switch (kind) {
    case PaletteEntry::Kind::Action:
        return CommandPalette::tr("action");
    case PaletteEntry::Kind::Domain:
        return CommandPalette::tr("domain");
    case PaletteEntry::Kind::Ticket:
        return CommandPalette::tr("ticket");
    case PaletteEntry::Kind::Agent:
        return CommandPalette::tr("agent");
    }
    return {};
}
} // namespace

CommandPalette::CommandPalette(EntriesProvider entries, QWidget *window)
    : QFrame(window)
    , m_entries(std::move(entries))
    , m_input(new QLineEdit(this))
    , m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("commandPalette"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_input->setObjectName(QStringLiteral("paletteInput"));
    m_input->setPlaceholderText(tr("Type an action, a domain, a ticket or an agent…"));
    m_input->setAccessibleName(tr("Command palette"));
    m_list->setObjectName(QStringLiteral("paletteList"));
    m_list->setFocusPolicy(Qt::NoFocus); // the line keeps the keyboard; Up/Down move the list
    m_list->setUniformItemSizes(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_input);
    layout->addWidget(m_list);
    connect(m_input, &QLineEdit::textChanged, this, &CommandPalette::refilter);
    connect(m_list, &QListWidget::itemActivated, this, &CommandPalette::chooseCurrent);
    m_input->installEventFilter(this);
    hide();
}

void CommandPalette::popUp()
{
    m_index.setEntries(m_entries());
    m_input->clear();
    refilter(); // clear() of an empty line emits nothing
    place();
    show();
    raise();
    m_input->setFocus(Qt::PopupFocusReason);
}

void CommandPalette::place()
{
    // Over the window's upper middle, as wide as half the window (at least 420 px).
    const QWidget *window = parentWidget();
    const int width = std::min(window->width() - 20, std::max(420, window->width() / 2));
    const int height = std::min(window->height() - 80, 360);
    setGeometry((window->width() - width) / 2, 60, width, height);
}

void CommandPalette::refilter()
{
    m_shown = m_index.match(m_input->text(), kShown);
    m_list->clear();
    for (const PaletteEntry &entry : std::as_const(m_shown)) {
        QString line = entry.text + QStringLiteral("   — ") + kindName(entry.kind);
        if (!entry.detail.isEmpty())
            line += QStringLiteral(", ") + entry.detail;
        m_list->addItem(line);
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
}

void CommandPalette::chooseCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_shown.size())
        return;
    const PaletteEntry entry = m_shown[row];
    m_index.noteChosen(entry.key);
    hide();
    emit chosen(entry);
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::FocusOut && isVisible() &&
        !isAncestorOf(QApplication::focusWidget()))
        hide(); // clicked elsewhere: a popup goes away
    if (watched != m_input || event->type() != QEvent::KeyPress)
        return QFrame::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    switch (key->key()) {
    case Qt::Key_Escape:
        hide();
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        chooseCurrent();
        return true;
    case Qt::Key_Down:
    case Qt::Key_Up:
    case Qt::Key_PageDown:
    case Qt::Key_PageUp: {
        const int step = key->key() == Qt::Key_Down       ? 1
                         : key->key() == Qt::Key_Up       ? -1
                         : key->key() == Qt::Key_PageDown ? 10
                                                          : -10;
        if (m_list->count() > 0)
            m_list->setCurrentRow(std::clamp(m_list->currentRow() + step, 0, m_list->count() - 1));
        return true;
    }
    default:
        return QFrame::eventFilter(watched, event);
    }
}

} // namespace clonedeck
