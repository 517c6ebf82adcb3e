#include "LivenessProbe.h"

#include "UnixSocketTransport.h"

#include <QSocketNotifier>

#include <sys/socket.h>
#include <unistd.h>

namespace clonedeck {

LivenessProbe::LivenessProbe(QObject *parent)
    : QObject(parent)
{}

LivenessProbe::~LivenessProbe()
{
    stop();
}

bool LivenessProbe::watch(const QString &socketPath)
{
    stop();
    const auto fd = UnixSocketTransport(socketPath).connect();
    if (!fd)
        return false;
    m_fd = *fd;
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte;
        if (::recv(m_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0) {
            stop();
            emit lost();
        }
    });
    return true;
}

void LivenessProbe::stop()
{
    delete m_notifier;
    m_notifier = nullptr;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

} // namespace clonedeck
