#pragma once

// Shows ConsoleAlerts on the desktop: a tray icon's message where a system tray exists
// (the event log has every alert either way). Tests read lastAlert().
#include <QObject>

class QSystemTrayIcon;

namespace clonedeck {

class ConsoleAlerts;

class ConsoleNotifier : public QObject
{
    Q_OBJECT
public:
    ConsoleNotifier(ConsoleAlerts *alerts, QObject *parent = nullptr);

    QString lastAlert() const { return m_last; }
    bool hasTray() const { return m_tray != nullptr; }

private:
    void show(const QString &title, const QString &text);

    QSystemTrayIcon *m_tray = nullptr;
    QString m_last;
};

} // namespace clonedeck
