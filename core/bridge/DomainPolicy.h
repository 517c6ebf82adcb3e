#pragma once

// What one domain may touch in xenstore through its bridge (docs/security.md):
// its own /local/domain/<domid> subtree, except the platform's replies and its
// name/domid keys (read-only there), and the public platform records under
// /clonedeck (read-only). Everything else is refused. Paths are bytes as they
// come off the wire; a path the guest names without a leading `/` is relative
// to its domain's path (Xen's rule), and is resolved here before any check.
// Pure functions of the domid: fuzzed and unit-tested without a socket.
#include <QByteArray>

#include <optional>

namespace clonedeck::bridge {

class DomainPolicy
{
public:
    explicit DomainPolicy(int domid);

    int domid() const { return m_domid; }
    const QByteArray &domainPath() const { return m_domainPath; } // /local/domain/<domid>

    // The absolute node a guest's path names, or nullopt if it is not a valid xenstore path
    // (xenstored's rules: characters [A-Za-z0-9/_@-], no `//`, no trailing `/`, bounded length).
    // Special paths (`@releaseDomain`, ...) resolve to themselves; no guest may use them.
    std::optional<QByteArray> resolve(const QByteArray &guestPath) const;
    static bool isRelative(const QByteArray &guestPath);

    bool mayRead(const QByteArray &absolute) const;   // read, directory, get-perms, watch
    bool mayWrite(const QByteArray &absolute) const;  // write, mkdir
    bool mayRemove(const QByteArray &absolute) const; // rm: writable, and nothing protected below

    // How an event on `absolute` is reported: relative to the domain for a watch the guest
    // registered with a relative path (as xenstored does for a domain), else unchanged.
    QByteArray eventPath(const QByteArray &absolute, bool relativeWatch) const;

private:
    bool isOwn(const QByteArray &absolute) const;
    bool isProtected(const QByteArray &absolute) const;

    int m_domid;
    QByteArray m_domainPath;
};

} // namespace clonedeck::bridge
