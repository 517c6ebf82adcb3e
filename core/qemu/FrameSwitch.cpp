#include "FrameSwitch.h"

#include "Log.h"

#include <QFile>
#include <QSocketNotifier>
#include <QStringList>

#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace clonedeck {

namespace {

constexpr size_t kEthernetHeader = 14;
constexpr size_t kMaxFrame = 65536;

bool unixAddress(const QByteArray &path, sockaddr_un &address)
{
    address = sockaddr_un{};
    address.sun_family = AF_UNIX;
    if (path.isEmpty() || size_t(path.size()) >= sizeof(address.sun_path))
        return false;
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    return true;
}

} // namespace

FrameSwitch::FrameSwitch(QString socketPath, QObject *parent)
    : QObject(parent)
    , m_path(std::move(socketPath))
    , m_buffer(kMaxFrame)
{}

FrameSwitch::~FrameSwitch()
{
    delete m_notifier;
    if (m_fd >= 0) {
        ::close(m_fd);
        QFile::remove(m_path);
    }
}

QByteArray FrameSwitch::parseMac(const QString &mac)
{
    const QStringList parts = mac.split(QLatin1Char(':'));
    QByteArray bytes;
    for (const QString &part : parts) {
        bool ok = false;
        const uint value = part.toUInt(&ok, 16);
        if (!ok || part.size() != 2)
            return {};
        bytes.append(char(value));
    }
    return bytes.size() == 6 ? bytes : QByteArray();
}

Status FrameSwitch::open()
{
    sockaddr_un address;
    if (!unixAddress(QFile::encodeName(m_path), address))
        return Error{ENAMETOOLONG, m_path, QStringLiteral("switch socket path too long")};
    QFile::remove(m_path); // a previous clonedeckd's; QEMU's sockets keep sending to this path
    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return Error{errno, m_path, QStringLiteral("cannot create the switch socket")};
    if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        const int error = errno;
        ::close(m_fd);
        m_fd = -1;
        return Error{error, m_path, QStringLiteral("cannot bind the switch socket")};
    }
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &FrameSwitch::onReadable);
    return Done{};
}

Status FrameSwitch::addPort(const QString &peerSocketPath, const QString &mac)
{
    const QByteArray bytes = parseMac(mac);
    if (bytes.isEmpty() || (bytes[0] & 1))
        return Error{EINVAL, mac, QStringLiteral("not a unicast MAC address")};
    const QByteArray peer = QFile::encodeName(peerSocketPath);
    if (m_peerByMac.contains(bytes) && m_peerByMac.value(bytes) != peer)
        return Error{EEXIST, mac, QStringLiteral("another port of this network has this MAC")};
    removePort(peerSocketPath);
    m_macByPeer.insert(peer, bytes);
    m_peerByMac.insert(bytes, peer);
    return Done{};
}

void FrameSwitch::removePort(const QString &peerSocketPath)
{
    const QByteArray peer = QFile::encodeName(peerSocketPath);
    if (m_macByPeer.contains(peer))
        m_peerByMac.remove(m_macByPeer.take(peer));
}

void FrameSwitch::onReadable()
{
    // Drain what is queued, a bounded batch at a time so one chatty VM cannot starve the event loop.
    char *frame = m_buffer.data();
    for (int batch = 0; batch < 256; ++batch) {
        sockaddr_un from{};
        socklen_t fromLength = sizeof(from);
        const ssize_t size = ::recvfrom(m_fd, frame, m_buffer.size(), MSG_DONTWAIT,
                                        reinterpret_cast<sockaddr *>(&from), &fromLength);
        if (size < 0)
            return; // EAGAIN: drained
        const size_t pathLength =
            fromLength > offsetof(sockaddr_un, sun_path) ? fromLength - offsetof(sockaddr_un, sun_path) : 0;
        const QByteArray peer = QByteArray(from.sun_path, qsizetype(strnlen(from.sun_path, pathLength)));
        const auto port = m_macByPeer.constFind(peer);
        if (port == m_macByPeer.constEnd()) {
            ++m_counters.droppedUnknownPort;
            continue;
        }
        if (size_t(size) < kEthernetHeader || std::memcmp(frame + 6, port->constData(), 6) != 0) {
            ++m_counters.droppedSpoofed;
            continue;
        }
        deliver(peer, frame, size_t(size));
    }
}

void FrameSwitch::deliver(const QByteArray &sender, const char *frame, size_t size)
{
    const auto send = [&](const QByteArray &peer) {
        sockaddr_un to;
        if (!unixAddress(peer, to))
            return;
        if (::sendto(m_fd, frame, size, MSG_DONTWAIT, reinterpret_cast<sockaddr *>(&to), sizeof(to)) < 0)
            ++m_counters.droppedUndeliverable; // the VM is gone or its queue is full: Ethernet drops too
        else
            ++m_counters.forwarded;
    };
    const bool groupAddress = frame[0] & 1;
    if (!groupAddress) {
        const auto target = m_peerByMac.constFind(QByteArray::fromRawData(frame, 6));
        if (target != m_peerByMac.constEnd() && *target != sender)
            send(*target);
        return;
    }
    for (auto it = m_macByPeer.constBegin(); it != m_macByPeer.constEnd(); ++it) {
        if (it.key() != sender)
            send(it.key());
    }
}

} // namespace clonedeck
