#include "LaunchTargets.h"

#include <QHash>

#include <csignal>

namespace clonedeck {

bool hasSshEndpoint(const DomainInfo &domain)
{
    return !domain.sshHost.isEmpty() && domain.sshPort != 0;
}

AgentTarget agentTargetOf(const DomainInfo &domain, qint64 masterCreatedMs, const QString &user)
{
    AgentTarget target;
    target.cluster = domain.cluster;
    target.masterDomid = domain.master; // a master's is its own
    target.masterCreatedMs = masterCreatedMs;
    target.domid = domain.domid;
    target.address = domain.sshHost;
    target.port = quint16(domain.sshPort);
    target.user = user.isEmpty() ? qEnvironmentVariable("USER", QStringLiteral("root")) : user;
    return target;
}

QString lineageKey(const AgentTarget &target, const QString &hostKeyPolicy)
{
    return QStringLiteral("%1/%2/%3@%4")
        .arg(hostKeyPolicy, target.cluster)
        .arg(target.masterDomid)
        .arg(target.masterCreatedMs);
}

int shellExitCode(const AgentExit &exit)
{
    if (exit.exitCode >= 0)
        return exit.exitCode;
    static const QHash<QString, int> numbers{
        {QStringLiteral("HUP"), SIGHUP},   {QStringLiteral("INT"), SIGINT},
        {QStringLiteral("KILL"), SIGKILL}, {QStringLiteral("TERM"), SIGTERM},
        {QStringLiteral("PIPE"), SIGPIPE}, {QStringLiteral("SEGV"), SIGSEGV},
        {QStringLiteral("ABRT"), SIGABRT}, {QStringLiteral("QUIT"), SIGQUIT}};
    const int number = numbers.value(exit.signal, 0);
    return number > 0 ? 128 + number : 255;
}

} // namespace clonedeck
