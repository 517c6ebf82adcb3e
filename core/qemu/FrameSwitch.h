#pragma once

// The private network of one cluster (a master and its clones): an Ethernet
// switch in clonedeckd that forwards frames between the VMs' `-netdev dgram`
// unix sockets. Each port is a VM whose socket path and MAC the backend
// registered; a frame from an unknown socket, or whose source MAC is not its
// port's, is dropped (a clone resumed with its master's MAC, or a hostile guest,
// cannot take another domain's traffic). Unicast goes to the port owning the
// destination MAC, broadcast and multicast to every other port. Datagram sockets
// keep working across a clonedeckd restart: QEMU sends to the switch's path,
// which the restarted switch binds again. Traffic never leaves this machine.
#include "Error.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <vector>

class QSocketNotifier;

namespace clonedeck {

class FrameSwitch : public QObject
{
    Q_OBJECT
public:
    explicit FrameSwitch(QString socketPath, QObject *parent = nullptr);
    ~FrameSwitch() override;

    Status open();
    QString socketPath() const { return m_path; }

    // mac as "52:54:0a:4d:00:05"
    Status addPort(const QString &peerSocketPath, const QString &mac);
    void removePort(const QString &peerSocketPath);
    int portCount() const { return int(m_macByPeer.size()); }

    struct Counters
    {
        quint64 forwarded = 0;
        quint64 droppedUnknownPort = 0;
        quint64 droppedSpoofed = 0;
        quint64 droppedUndeliverable = 0;
    };
    const Counters &counters() const { return m_counters; }

    static QByteArray parseMac(const QString &mac); // 6 bytes, empty if malformed

private:
    void onReadable();
    void deliver(const QByteArray &peer, const char *frame, size_t size);

    QString m_path;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QHash<QByteArray, QByteArray> m_macByPeer; // peer socket path (bytes) -> MAC (6 bytes)
    QHash<QByteArray, QByteArray> m_peerByMac;
    Counters m_counters;
    std::vector<char> m_buffer;
};

} // namespace clonedeck
