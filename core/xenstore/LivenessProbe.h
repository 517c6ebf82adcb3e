#pragma once

// Tells the moment xenstored goes away, without polling: an idle second
// connection to its socket reads end-of-file when the daemon dies. libxenstore
// itself does not report a closed connection through its watch fd (the wire client,
// XenstoreClient, sees it on its own stream and needs no probe).
#include <QObject>
#include <QString>

class QSocketNotifier;

namespace clonedeck {

class LivenessProbe : public QObject
{
    Q_OBJECT
public:
    explicit LivenessProbe(QObject *parent = nullptr);
    ~LivenessProbe() override;

    // False if the path is not a Unix socket one can connect to (e.g. a guest's /dev/xen/xenbus).
    bool watch(const QString &socketPath);
    void stop();

signals:
    void lost();

private:
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace clonedeck
