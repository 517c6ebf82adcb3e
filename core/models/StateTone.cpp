#include "StateTone.h"

namespace clonedeck {

StateTone toneOf(DomainState state)
{
    switch (state) {
    case DomainState::Creating:
        return StateTone::Starting;
    case DomainState::Running:
        return StateTone::Running;
    case DomainState::Stopping:
        return StateTone::Stopping;
    case DomainState::Failed:
        return StateTone::Failed;
    }
    return StateTone::None;
}

StateTone toneOf(AgentState state, const QString &detail)
{
    switch (state) {
    case AgentState::WaitingForClone:
    case AgentState::WaitingForIp:
    case AgentState::Handshaking:
    case AgentState::Authenticating:
    case AgentState::Starting:
        return StateTone::Starting;
    case AgentState::Connecting:
        // AgentSession says "retrying" once a connection attempt has failed: the clone does not answer.
        return detail.contains(QLatin1String("retrying")) ? StateTone::Unreachable : StateTone::Starting;
    case AgentState::Running:
        return StateTone::Running;
    case AgentState::Stopping:
        return StateTone::Stopping;
    case AgentState::Failed:
        return StateTone::Failed;
    case AgentState::Exited:
        return StateTone::None;
    }
    return StateTone::None;
}

StateTone toneOf(TicketState state)
{
    switch (state) {
    case TicketState::Pending:
        return StateTone::Starting;
    case TicketState::Granted:
    case TicketState::Used:
        return StateTone::Running;
    case TicketState::Failed:
        return StateTone::Failed;
    case TicketState::Expired:
    case TicketState::Released:
        return StateTone::None;
    }
    return StateTone::None;
}

} // namespace clonedeck
