#pragma once

// Turns POSIX signals into a Qt signal on the event loop (the self-pipe trick),
// so shutdown runs as ordinary code, not inside a signal handler.
#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace clonedeck {

class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void signalReceived(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace clonedeck
