#pragma once

// OpenSSH's known_hosts file, checked by libssh itself ([address]:port entries when the
// port is not 22). Unknown hosts are refused (with the fingerprint they presented) unless
// addUnknown (OpenSSH's accept-new) or the operator accepted exactly that fingerprint
// (acceptedFingerprint, "SHA256:..."): then the key is added to the file. A changed key is
// always refused, naming the fingerprint presented and the one(s) on file.
#include "HostKeyPolicy.h"
#include "HostKeyPolicyNames.h"

namespace clonedeck {

class KnownHostsHostKeyPolicy : public HostKeyPolicy
{
public:
    // knownHostsFile empty: libssh's default (~/.ssh/known_hosts, or ssh_config's UserKnownHostsFile).
    explicit KnownHostsHostKeyPolicy(QString knownHostsFile = QString(), bool addUnknown = false,
                                     QString acceptedFingerprint = QString());

    QString name() const override { return QLatin1String(hostkeys::kKnownHosts); }
    Status verify(const AgentTarget &target, const HostKey &presented, ssh_session_struct *session) override;

private:
    QString m_file;
    bool m_addUnknown;
    QString m_acceptedFingerprint;
};

} // namespace clonedeck
