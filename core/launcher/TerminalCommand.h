#pragma once

// A terminal on a clone, as an argv (never a shell string: the clone's address and the
// paths are arguments, not text a shell would read): the user's terminal emulator
// ($TERMINAL, else Debian's x-terminal-emulator) running OpenSSH's ssh with the platform's
// key, and a private known_hosts holding only the key pinned for the clone's lineage, with
// StrictHostKeyChecking=yes: a clone presenting any other key is refused by ssh itself.
#include "AgentTypes.h"
#include "Error.h"
#include "HostKey.h"

#include <QStringList>

namespace clonedeck {

struct TerminalCommand
{
    QString program;
    QStringList arguments;
};

class TerminalCommandBuilder
{
public:
    // known_hosts' line for this address and key ("[addr]:port" unless port 22).
    static QByteArray knownHostsLine(const QString &address, quint16 port, const HostKey &key);
    // ssh's argv (ssh first), for `target` with that identity and known_hosts file.
    static Result<QStringList> sshArguments(const AgentTarget &target, const QString &identityFile,
                                            const QString &knownHostsFile);
    // The terminal emulator running that argv: terminal empty means x-terminal-emulator.
    static TerminalCommand inTerminal(const QString &terminal, const QStringList &sshArgv);
    // The terminal chosen by the environment: $TERMINAL, else x-terminal-emulator.
    static QString environmentTerminal();
};

} // namespace clonedeck
