#pragma once

// The five states an operator tells apart at a glance, whatever the row: a domain, an agent
// session, a ticket. Models answer it in their ToneRole; the console's views turn it into a
// colour and an icon (ui/StateAppearance), so core stays free of QtGui.
#include "AgentTypes.h"
#include "PlatformRecords.h"

namespace clonedeck {

enum class StateTone
{
    None, // nothing to signal (an ended session, a released ticket)
    Running,
    Starting,
    Stopping,
    Failed,
    Unreachable
};

StateTone toneOf(DomainState state);
// detail: the session's last state detail ("retrying in 2 s" while connecting = unreachable).
StateTone toneOf(AgentState state, const QString &detail = {});
StateTone toneOf(TicketState state);

} // namespace clonedeck
