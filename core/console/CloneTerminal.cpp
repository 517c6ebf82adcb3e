#include "CloneTerminal.h"

#include "ClusterMirror.h"
#include "ConsoleSettings.h"
#include "HostKeyPinStore.h"
#include "HostKeyPolicyRegistry.h"
#include "LaunchTargets.h"
#include "LineageHostKeyPolicy.h"
#include "Log.h"
#include "PrivateFiles.h"

#include <QProcess>

#include <algorithm>

namespace clonedeck {

CloneTerminal::CloneTerminal(ClusterMirror *mirror, const HostKeyPolicyRegistry *hostKeys,
                             const ConsoleSettings *settings, QString knownHostsDir)
    : m_mirror(mirror)
    , m_hostKeys(hostKeys)
    , m_settings(settings)
    , m_knownHostsDir(std::move(knownHostsDir))
{}

QString CloneTerminal::knownHostsFile(int domid) const
{
    return m_knownHostsDir + QStringLiteral("/domain-%1").arg(domid);
}

Result<TerminalCommand> CloneTerminal::prepare(int domid, const QString &terminal) const
{
    auto ssh = sshArguments(domid);
    if (!ssh)
        return ssh.error();
    return TerminalCommandBuilder::inTerminal(
        terminal.isEmpty() ? TerminalCommandBuilder::environmentTerminal() : terminal, *ssh);
}

QString CloneTerminal::shellLine(const QStringList &argv)
{
    QStringList quoted;
    for (const QString &argument : argv) {
        const bool plain = !argument.isEmpty() && std::all_of(argument.begin(), argument.end(), [](QChar c) {
            return c.isLetterOrNumber() || QStringLiteral("-_./:=@+,[]").contains(c);
        });
        quoted.append(plain ? argument
                            : QLatin1Char('\'') +
                                  QString(argument).replace(QLatin1Char('\''), QStringLiteral("'\\''")) +
                                  QLatin1Char('\''));
    }
    return quoted.join(QLatin1Char(' '));
}

Result<QStringList> CloneTerminal::sshArguments(int domid) const
{
    const auto domain = m_mirror->domains().constFind(domid);
    if (domain == m_mirror->domains().constEnd() || domain->sshHost.isEmpty())
        return Error{ENOENT, QString::number(domid), QStringLiteral("no such domain, or no address yet")};
    const auto master = m_mirror->domains().constFind(domain->master);
    const qint64 masterCreated = master != m_mirror->domains().constEnd() ? master->createdMs : 0;
    const AgentTarget target = agentTargetOf(*domain, masterCreated, {});

    const QString pinFile =
        m_hostKeys->settings().pinFile.isEmpty() ? defaultPinFile() : m_hostKeys->settings().pinFile;
    const auto key = LineageHostKeyPolicy::pinnedKey(HostKeyPinStore(pinFile), target);
    if (!key)
        return Error{
            ENOENT, domain->name,
            QStringLiteral("no host key is pinned for its lineage yet: launch an agent on its master "
                           "(%1) first, which pins the master's key")
                .arg(domain->master)};
    QString identity = m_settings->identityFile();
    if (identity.isEmpty() && m_mirror->platform())
        identity = m_mirror->platform()->clientKey;
    if (identity.isEmpty())
        return Error{ENOENT, domain->name,
                     QStringLiteral("no SSH key: the platform names none and none is chosen")};

    if (auto dir = PrivateFiles::ensureDirectory(m_knownHostsDir, 0700); !dir)
        return dir.error();
    const QString knownHosts = knownHostsFile(domid);
    if (auto written = PrivateFiles::writeFile(
            knownHosts, TerminalCommandBuilder::knownHostsLine(target.address, target.port, *key), 0600);
        !written)
        return written.error();
    return TerminalCommandBuilder::sshArguments(target, identity, knownHosts);
}

Status CloneTerminal::open(int domid) const
{
    auto command = prepare(domid);
    if (!command)
        return command.error();
    if (!QProcess::startDetached(command->program, command->arguments))
        return Error{
            ENOENT, command->program,
            QStringLiteral("cannot start the terminal emulator (set $TERMINAL to one that takes -e)")};
    spdlog::info("terminal on domain {}: {} {}", domid, command->program,
                 command->arguments.join(QLatin1Char(' ')));
    return Done{};
}

} // namespace clonedeck
