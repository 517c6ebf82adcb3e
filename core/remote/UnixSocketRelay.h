#pragma once

// A remote xenstored under a local unix socket, for libxenstore (clonectl): libxenstore
// names its socket only through the process-wide XENSTORED_PATH, fixed once before threads,
// so clonectl points it at this relay's socket — in a private directory (0700) of its own —
// and every connection made there is bridged to the remote socket over the host's SSH
// connection. The directory and socket are removed when the relay goes.
#include "Error.h"

#include <QString>

#include <memory>

namespace clonedeck {

class SshHost;

class UnixSocketRelay
{
public:
    ~UnixSocketRelay();
    UnixSocketRelay(const UnixSocketRelay &) = delete;
    UnixSocketRelay &operator=(const UnixSocketRelay &) = delete;

    // The path a relay will listen on: a fresh private directory's "xenstored". Call before
    // threads start (then set XENSTORED_PATH to it).
    static Result<QString> makePrivateSocketPath();
    // Listens on socketPath and serves it through host to remotePath.
    static Result<std::unique_ptr<UnixSocketRelay>>
    start(const QString &socketPath, std::shared_ptr<SshHost> host, const QString &remotePath);

    QString socketPath() const { return m_socketPath; }

private:
    UnixSocketRelay(QString socketPath, std::shared_ptr<SshHost> host);

    QString m_socketPath;
    std::shared_ptr<SshHost> m_host;
};

} // namespace clonedeck
