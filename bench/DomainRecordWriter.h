#pragma once

// Writes domain records straight into xenstore as the control plane does
// (same paths, same record format), from a thread of its own with its own
// XenstoreConnection, so the console under test shares nothing with the
// writer but xenstored. Used to change a domain's state at a known instant
// (latency) or thousands of times a second (event storm).
#include "PlatformRecords.h"

#include <QList>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace clonedeck {
class XenstoreConnection;
}

namespace clonedeck::bench {

class DomainRecordWriter : public QObject
{
    Q_OBJECT
public:
    struct StormResult
    {
        qint64 writes = 0;
        double seconds = 0;
        int lastDomid = -1;
        DomainState lastState = DomainState::Running;
    };

    explicit DomainRecordWriter(QString socketPath);
    ~DomainRecordWriter() override;

    // Monotonic nanoseconds (std::chrono::steady_clock), comparable across threads.
    static qint64 now();

    // Writes the record on the writer thread; sentAt() is the instant just before the write.
    void write(const DomainInfo &domain);
    qint64 sentAt() const { return m_sentAt.load(); }

    // `perSecond` writes a second for `seconds`, each flipping the state (running <-> stopping)
    // of the next domain in a shuffled order. Emits stormFinished when done.
    void storm(QList<DomainInfo> domains, int perSecond, int seconds);

signals:
    void stormFinished(const clonedeck::bench::DomainRecordWriter::StormResult &result);

private:
    void writeNow(const DomainInfo &domain);

    QString m_socketPath;
    QThread m_thread;
    QObject *m_context; // lives on m_thread: queued work runs there
    std::unique_ptr<XenstoreConnection> m_xs;
    std::atomic<qint64> m_sentAt{0};
};

} // namespace clonedeck::bench

Q_DECLARE_METATYPE(clonedeck::bench::DomainRecordWriter::StormResult)
