#pragma once

// Where a platform is, in the one syntax every tool takes (like virt-manager's qemu+ssh://):
//   unix:///path/to/xenstored/socket              a xenstored on this host
//   ssh://[user@]host[:port]/path/to/socket       a xenstored on another host, over stock OpenSSH
// A bare absolute path is taken as unix://PATH, so `--connect /run/xenstored/socket` works.
#include "Error.h"

#include <QString>

namespace clonedeck {

struct ConnectionUri
{
    enum Scheme
    {
        Unix,
        Ssh
    };
    static constexpr quint16 kDefaultSshPort = 22;

    Scheme scheme = Unix;
    QString user; // ssh: empty means the local user name (as OpenSSH)
    QString host; // ssh: a name or a numeric address (IPv6 without brackets)
    quint16 port = kDefaultSshPort;
    QString path; // the xenstored socket, absolute

    static Result<ConnectionUri> parse(const QString &text);
    static ConnectionUri local(const QString &socketPath);
    QString toString() const;
    // For people and for grouping rows by host: "user@host[:port]" for ssh, "local" for unix.
    QString displayName() const;
    bool isRemote() const { return scheme == Ssh; }
    bool operator==(const ConnectionUri &other) const = default;
};

} // namespace clonedeck
