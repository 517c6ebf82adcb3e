#pragma once

// Opens a terminal on a domain: writes a known_hosts of its own holding only the key pinned
// for the domain's lineage (so ssh checks it, strictly, against that key and nothing else),
// then starts the user's terminal emulator running ssh with the platform's key (or the one
// chosen in the preferences). No pin yet: refused, saying how to get one.
#include "Error.h"
#include "TerminalCommand.h"

namespace clonedeck {

class ClusterMirror;
class ConsoleSettings;
class HostKeyPolicyRegistry;

class CloneTerminal
{
public:
    CloneTerminal(ClusterMirror *mirror, const HostKeyPolicyRegistry *hostKeys,
                  const ConsoleSettings *settings, QString knownHostsDir);

    // What open() would start for domid, its known_hosts written. terminal empty: $TERMINAL,
    // else x-terminal-emulator.
    Result<TerminalCommand> prepare(int domid, const QString &terminal = {}) const;
    // ssh's argv alone (what "copy the ssh command" copies), its known_hosts written.
    Result<QStringList> sshArguments(int domid) const;
    // That argv as one line a person can paste into a shell: each argument quoted as needed.
    static QString shellLine(const QStringList &argv);
    Status open(int domid) const;
    QString knownHostsFile(int domid) const;

private:
    ClusterMirror *m_mirror;
    const HostKeyPolicyRegistry *m_hostKeys;
    const ConsoleSettings *m_settings;
    QString m_knownHostsDir;
};

} // namespace clonedeck
