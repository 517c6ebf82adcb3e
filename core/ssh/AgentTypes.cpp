#include "AgentTypes.h"

#include <iterator>

namespace clonedeck {

QString agentStateName(AgentState state)
{
    // In the order of AgentState.
    static const char *const names[] = {
        "waiting-for-clone", "waiting-for-ip", "connecting", "handshaking", "authenticating",
        "starting",          "running",        "stopping",   "exited",      "failed"};
    const int index = int(state);
    return index >= 0 && index < int(std::size(names)) ? QLatin1String(names[index])
                                                       : QStringLiteral("unknown");
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
