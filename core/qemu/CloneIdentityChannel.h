#pragma once

// The host end of a guest's identity port (org.clonedeck.identity): a pipe chardev,
// two FIFOs in the VM's directory that QEMU holds open. The guest's resident
// clonedeck-identity blocks on its end in the master, so every clone resumes inside
// that read; the host writes one line (MAC, private address, netmask, wall time)
// before the clone runs and reads one answer. Nothing on the host waits on a poll
// and the guest starts no process (docs/qemu-backend.md, "Clone speed"). The guest's
// answer is trusted for nothing but "ok": anything else fails the clone, with the
// answer's printable characters in the error.
#include "Error.h"

#include <QObject>
#include <QTimer>

#include <functional>

class QSocketNotifier;

namespace clonedeck {

struct CloneIdentity
{
    QString mac;     // "52:54:0a:4d:03:09"
    QString address; // "10.77.3.9"
    QString netmask; // "255.255.0.0"
    qint64 wallTimeNs = 0;
};

class CloneIdentityChannel : public QObject
{
    Q_OBJECT
public:
    explicit CloneIdentityChannel(QObject *parent = nullptr);
    ~CloneIdentityChannel() override;

    // The FIFOs of a VM whose port is `basePath` (QEMU's pipe chardev opens basePath.in and .out), made
    // before QEMU starts; stale ones of an earlier run are replaced.
    static Status createPipes(const QString &basePath);
    // The line clonedeck-identity reads: "identity MAC ADDRESS NETMASK SECONDS.NANOSECONDS\n".
    static QByteArray line(const CloneIdentity &identity);

    // Writes `line` and calls `done` once: Done on "ok", else the error (the guest's, a timeout, I/O).
    void send(const QString &basePath, const QByteArray &line, int timeoutMs,
              std::function<void(Status)> done);

private:
    void readAnswer();
    void finish(Status status);

    int m_in = -1;  // we write, the guest reads
    int m_out = -1; // the guest writes, we read
    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_answer;
    QTimer m_timeout;
    std::function<void(Status)> m_done;
};

} // namespace clonedeck
