#pragma once

// One SSH channel of a host connection joined to a local stream socket (a socketpair end
// or an accepted unix connection), so code that expects a plain socket (XenstoreClient,
// libxenstore, SshConnection) talks through the channel unchanged. The channel is
// direct-streamlocal@openssh.com (to a unix socket on the host: its xenstored) or
// direct-tcpip (to host:port as the host sees it: a clone's sshd). Runs on the host
// connection's thread, driven by pump(); data waits in at most one chunk per direction, so
// the SSH window and the local socket buffer are the back-pressure, not this process.
#include "Error.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

class QSocketNotifier;
struct ssh_session_struct;
struct ssh_channel_struct;

namespace clonedeck {

struct ChannelTarget
{
    QString unixPath; // set: direct-streamlocal to this socket
    QString host;     // else: direct-tcpip to host:port
    quint16 port = 0;
    QString toString() const;
};

class ChannelBridge : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of localFd. opened is called once: when the channel is open, or why not.
    ChannelBridge(ssh_session_struct *session, int localFd, ChannelTarget target,
                  std::function<void(Status)> opened, QObject *parent = nullptr);
    ~ChannelBridge() override;

    // Moves what it can, without blocking; true if anything happened.
    bool pump();
    bool isFinished() const { return m_finished; }
    // The connection is gone: fail the open if still pending, end the local stream.
    void abort(const Error &error);

signals:
    void localActivity(); // the local socket is readable or writable: pump again

private:
    bool open();
    bool farToLocal();
    bool localToFar();
    void finish(const Status &status);
    void updateNotifiers();

    ssh_session_struct *m_session;
    ssh_channel_struct *m_channel = nullptr;
    int m_fd;
    ChannelTarget m_target;
    std::function<void(Status)> m_opened;
    QSocketNotifier *m_readable = nullptr;
    QSocketNotifier *m_writable = nullptr;
    QByteArray m_toLocal;
    QByteArray m_toFar;
    bool m_isOpen = false;
    bool m_farEof = false;
    bool m_localShut = false; // SHUT_WR sent after the far end's EOF
    bool m_localEof = false;
    bool m_eofSent = false;
    bool m_finished = false;
};

} // namespace clonedeck
