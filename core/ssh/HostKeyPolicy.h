#pragma once

// Decides whether the host key a server presented may be trusted for a target. Policies are
// selectable per cluster; they are called on the SSH I/O thread and may be shared between
// sessions (and threads), so implementations are thread-safe.
#include "AgentTypes.h"
#include "Error.h"
#include "HostKey.h"

struct ssh_session_struct;

namespace clonedeck {

class HostKeyPolicy
{
public:
    virtual ~HostKeyPolicy();

    virtual QString name() const = 0;
    // Insecure policies accept anything; sessions using one carry a flag the UI shows.
    virtual bool isInsecure() const { return false; }
    // session is the live libssh session (handshake done), for policies that need libssh's
    // own checks (known_hosts); others only look at target and presented.
    virtual Status verify(const AgentTarget &target, const HostKey &presented,
                          ssh_session_struct *session) = 0;
    // The clone at (cluster, address) was destroyed: a later clone may reuse the address.
    virtual void forgetAddress(const QString &cluster, const QString &address);

protected:
    static QString describe(const AgentTarget &target);
    static Error rejected(const AgentTarget &target, const QString &message);
};

} // namespace clonedeck
