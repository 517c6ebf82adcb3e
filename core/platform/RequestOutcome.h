#pragma once

// What handling a request yields: a reply now, or the promise of one later
// (a pending ticket request, clones still starting, domains being destroyed),
// which the handler writes through the ReplyWriter when it is decided.
#include "Request.h"

#include <optional>

namespace clonedeck {

// Who asked, and under which request id (the reply goes beside it).
struct RequestContext
{
    int domid = 0;
    QString requestId;
    QString op;
    qint64 atMs = 0;
};

class RequestOutcome
{
public:
    RequestOutcome(Reply reply)
        : m_reply(std::move(reply))
    {}
    static RequestOutcome later() { return RequestOutcome(); }

    bool isLater() const { return !m_reply.has_value(); }
    const Reply &reply() const { return *m_reply; }

private:
    RequestOutcome() = default;
    std::optional<Reply> m_reply;
};

} // namespace clonedeck
