#include "ConsoleNotifier.h"

#include "ConsoleAlerts.h"
#include "ConsoleIcons.h"

#include <QApplication>
#include <QSystemTrayIcon>

namespace clonedeck {

ConsoleNotifier::ConsoleNotifier(ConsoleAlerts *alerts, QObject *parent)
    : QObject(parent)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray =
            new QSystemTrayIcon(QApplication::windowIcon().isNull() ? ConsoleIcons::state(StateTone::Running)
                                                                    : QApplication::windowIcon(),
                                this);
        m_tray->setToolTip(tr("Clonedeck"));
        m_tray->show();
    }
    connect(alerts, &ConsoleAlerts::alert, this, &ConsoleNotifier::show);
}

void ConsoleNotifier::show(const QString &title, const QString &text)
{
    m_last = title + QStringLiteral(": ") + text;
    if (m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, text, QSystemTrayIcon::Warning, 10000);
}

} // namespace clonedeck
