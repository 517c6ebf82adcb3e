#pragma once

// Decides about one request a guest sent its bridge: forward it to xenstored,
// translated (paths resolved for the domain, the bridge's watch tokens,
// transaction ids), or answer it here (EACCES for anything a guest may not do,
// EINVAL for what xenstored would reject as malformed, GET_DOMAIN_PATH for its own
// domid). The payload forwarded is rebuilt from what was checked, so xenstored
// never sees bytes the policy did not.
#include "BridgeLimits.h"
#include "BridgeTransactions.h"
#include "BridgeWatchTable.h"
#include "DomainPolicy.h"
#include "RequestEffect.h"
#include "XenstoreWire.h"

#include <optional>

namespace clonedeck::bridge {

struct ScreenVerdict
{
    std::optional<xswire::Message> upstream; // forward this; else answer `answer` to the guest
    xswire::Message answer;
    RequestEffect effect; // what an OK from xenstored (or the local answer) changes
};

class GuestRequestScreen
{
public:
    GuestRequestScreen(const DomainPolicy &policy, BridgeWatchTable &watches,
                       const BridgeTransactions &transactions, const BridgeLimits &limits)
        : m_policy(policy)
        , m_watches(watches)
        , m_transactions(transactions)
        , m_limits(limits)
    {}

    // A WATCH that is forwarded is added to the watch table at once (unconfirmed).
    ScreenVerdict screen(const xswire::Message &request);

    static xswire::Message reply(const xswire::Message &request, const QByteArray &payload);
    static xswire::Message error(const xswire::Message &request, int errnum);

private:
    ScreenVerdict screenPathRequest(const xswire::Message &request, quint32 upstreamTx);
    ScreenVerdict screenWatchChange(const xswire::Message &request, quint32 upstreamTx); // WATCH, UNWATCH
    ScreenVerdict screenTransactionEnd(const xswire::Message &request, BridgeTransactions::Route route);
    ScreenVerdict forward(const xswire::Message &request, quint32 upstreamTx, QByteArray payload,
                          RequestEffect effect = {});
    ScreenVerdict answer(const xswire::Message &request, int errnum);

    const DomainPolicy &m_policy;
    BridgeWatchTable &m_watches;
    const BridgeTransactions &m_transactions;
    const BridgeLimits &m_limits;
};

} // namespace clonedeck::bridge
