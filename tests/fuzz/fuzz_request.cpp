// Requests and replies: arbitrary bytes parse or are refused, never crash;
// what parses re-serializes to an equivalent request.
#include "Request.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto request = clonedeck::Request::parse(input)) {
        const auto again = clonedeck::Request::parse(request->toRecord().serialize());
        if (!again || again->op != request->op || again->count != request->count ||
            again->ticket != request->ticket || again->domid != request->domid ||
            again->report != request->report)
            std::abort();
        if (request->op == clonedeck::Request::Op::RequestTicket &&
            (request->count < 1 || request->count > clonedeck::RequestLimits::kMaxCount))
            std::abort();
    }
    if (const auto reply = clonedeck::Reply::parse(input)) {
        const auto again = clonedeck::Reply::parse(reply->toRecord().serialize());
        if (!again || again->ok != reply->ok)
            std::abort();
    }
    return 0;
}
