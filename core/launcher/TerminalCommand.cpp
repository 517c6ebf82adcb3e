#include "TerminalCommand.h"

#include <arpa/inet.h>

namespace clonedeck {

namespace {
bool isNumericAddress(const QString &address)
{
    const QByteArray text = address.toLatin1();
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, text.constData(), buffer) == 1 ||
           ::inet_pton(AF_INET6, text.constData(), buffer) == 1;
}
} // namespace

QByteArray TerminalCommandBuilder::knownHostsLine(const QString &address, quint16 port, const HostKey &key)
{
    const QByteArray host =
        port == 22 ? address.toUtf8() : "[" + address.toUtf8() + "]:" + QByteArray::number(port);
    return host + ' ' + key.toString().toUtf8() + '\n';
}

Result<QStringList> TerminalCommandBuilder::sshArguments(const AgentTarget &target,
                                                         const QString &identityFile,
                                                         const QString &knownHostsFile)
{
    // A numeric address only: a record's text must not become a host name ssh_config could map.
    if (!isNumericAddress(target.address))
        return Error{EINVAL, target.address, QStringLiteral("not a numeric address")};
    // ssh splits option values at whitespace and reads quotes: paths holding either are refused.
    for (const QString &path : {identityFile, knownHostsFile}) {
        if (path.isEmpty() || path.contains(QLatin1Char('"')) || path.contains(QLatin1Char(' ')) ||
            path.contains(QLatin1Char('\t')) || path.contains(QLatin1Char('\n')))
            return Error{EINVAL, path, QStringLiteral("unusable as an ssh option value")};
    }
    return QStringList{QStringLiteral("ssh"),
                       QStringLiteral("-i"),
                       identityFile,
                       QStringLiteral("-o"),
                       QStringLiteral("IdentitiesOnly=yes"),
                       QStringLiteral("-o"),
                       QStringLiteral("StrictHostKeyChecking=yes"),
                       QStringLiteral("-o"),
                       QStringLiteral("UserKnownHostsFile=") + knownHostsFile,
                       QStringLiteral("-o"),
                       QStringLiteral("GlobalKnownHostsFile=/dev/null"),
                       QStringLiteral("-o"),
                       QStringLiteral("CheckHostIP=no"),
                       QStringLiteral("-p"),
                       QString::number(target.port),
                       QStringLiteral("-l"),
                       target.user,
                       QStringLiteral("--"),
                       target.address};
}

TerminalCommand TerminalCommandBuilder::inTerminal(const QString &terminal, const QStringList &sshArgv)
{
    // -e runs the rest of the argv as the command: x-terminal-emulator's contract, which
    // xterm, urxvt, konsole, alacritty, kitty's and gnome-terminal's wrapper keep.
    return {terminal.isEmpty() ? QStringLiteral("x-terminal-emulator") : terminal,
            QStringList{QStringLiteral("-e")} + sshArgv};
}

QString TerminalCommandBuilder::environmentTerminal()
{
    return qEnvironmentVariable("TERMINAL");
}

} // namespace clonedeck
