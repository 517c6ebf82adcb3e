#include "AgentTypes.h"

namespace clonedeck {

QString agentStateName(AgentState state)
{
    switch (state) {
    case AgentState::WaitingForClone:
        return QStringLiteral("waiting-for-clone");
    case AgentState::WaitingForIp:
        return QStringLiteral("waiting-for-ip");
    case AgentState::Connecting:
        return QStringLiteral("connecting");
    case AgentState::Handshaking:
        return QStringLiteral("handshaking");
    case AgentState::Authenticating:
        return QStringLiteral("authenticating");
    case AgentState::Starting:
        return QStringLiteral("starting");
    case AgentState::Running:
        return QStringLiteral("running");
    case AgentState::Stopping:
        return QStringLiteral("stopping");
    case AgentState::Exited:
        return QStringLiteral("exited");
    case AgentState::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}

bool isFinal(AgentState state)
{
    return state == AgentState::Exited || state == AgentState::Failed;
}

QString pinScope(const AgentTarget &target)
{
    return target.masterCreatedMs > 0
               ? QStringLiteral("%1@%2").arg(target.cluster).arg(target.masterCreatedMs)
               : target.cluster;
}

} // namespace clonedeck
