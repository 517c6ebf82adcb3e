#include "StateTone.h"

#include <cstddef>

namespace clonedeck {

namespace {
// Indexed by the state enums' values, in their order.
constexpr StateTone kDomainTones[] = {StateTone::Starting, StateTone::Running, StateTone::Stopping,
                                      StateTone::Failed}; // Creating, Running, Stopping, Failed
// WaitingForClone, WaitingForIp, Connecting, Handshaking, Authenticating, Starting, Running, Stopping,
// Exited, Failed.
constexpr StateTone kAgentTones[] = {
    StateTone::Starting, StateTone::Starting, StateTone::Starting, StateTone::Starting, StateTone::Starting,
    StateTone::Starting, StateTone::Running,  StateTone::Stopping, StateTone::None,     StateTone::Failed};
constexpr StateTone kTicketTones[] = {
    StateTone::Starting, StateTone::Running, StateTone::Running, // Pending, Granted, Used
    StateTone::None,     StateTone::None,    StateTone::Failed}; // Expired, Released, Failed

template<typename State, std::size_t N>
StateTone lookUp(const StateTone (&tones)[N], State state)
{
    const auto at = std::size_t(state);
    return at < N ? tones[at] : StateTone::None;
}
} // namespace

StateTone toneOf(DomainState state)
{
    return lookUp(kDomainTones, state);
}

StateTone toneOf(AgentState state, const QString &detail)
{
    // AgentSession says "retrying" once a connection attempt has failed: the clone does not answer.
    if (state == AgentState::Connecting && detail.contains(QLatin1String("retrying")))
        return StateTone::Unreachable;
    return lookUp(kAgentTones, state);
}

StateTone toneOf(TicketState state)
{
    return lookUp(kTicketTones, state);
}

} // namespace clonedeck
