// The per-domain bridge's message handling (framing, policy, transactions,
// watches, fork) driven by arbitrary bytes from a hostile guest and replies and
// events from a xenstored that answers whatever was forwarded. Never crashes,
// and an independent check of the policy holds for every message that would
// reach xenstored and every event that would reach the guest.
#include "BridgeSession.h"

#include <cstdint>
#include <cstdlib>
#include <deque>

using namespace clonedeck;
using namespace clonedeck::bridge;
using xswire::Type;

namespace {

struct Oracle
{
    QByteArray own;
    static bool under(const QByteArray &path, const QByteArray &root)
    {
        return path == root || path.startsWith(root + '/');
    }
    bool readable(const QByteArray &path) const { return under(path, own) || under(path, "/clonedeck"); }
    bool writable(const QByteArray &path) const
    {
        return under(path, own) && !under(path, own + "/clonedeck/replies") && !under(path, own + "/name") &&
               !under(path, own + "/domid");
    }
    bool removable(const QByteArray &path) const
    {
        return writable(path) && path != own && path != own + "/clonedeck";
    }
};

// What the bridge sent xenstored: each message must be one a guest of this domain may send.
void checkUpstream(const Oracle &oracle, BridgeSession &session, std::deque<xswire::Message> &forwarded,
                   QList<QByteArray> &tokens)
{
    xswire::MessageReader reader;
    reader.append(session.toUpstream());
    session.upstreamWritten(session.toUpstream().size());
    while (const auto message = reader.next()) {
        if (message->payload.size() > qsizetype(xswire::kPayloadMax))
            std::abort();
        const QByteArray path = message->strings().value(0);
        switch (message->kind()) {
        case Type::Read:
        case Type::Directory:
        case Type::DirectoryPart:
        case Type::GetPerms:
        case Type::Unwatch:
            if (!oracle.readable(path))
                std::abort();
            break;
        case Type::Watch:
            if (!oracle.readable(path))
                std::abort();
            tokens.append(message->strings().value(1));
            break;
        case Type::Write:
        case Type::Mkdir:
            if (!oracle.writable(path))
                std::abort();
            break;
        case Type::Rm:
            if (!oracle.removable(path))
                std::abort();
            break;
        case Type::TransactionStart:
        case Type::TransactionEnd:
            break;
        default:
            std::abort(); // nothing privileged ever reaches xenstored
        }
        forwarded.push_back(*message);
    }
    if (reader.buffered() != 0)
        std::abort(); // whole messages only
}

// The guest's end: the bridge writes into a socket, the guest reads from it at its own pace.
struct GuestEnd
{
    QByteArray socket;             // written by the bridge, not yet read by the guest
    xswire::MessageReader memory;  // what the guest has read (a message may be half there)
    bool straddlerAllowed = false; // after a fork: the message the guest was in the middle of

    // The bridge writes what it has (up to `write` bytes), the guest reads `read` of the socket.
    // Whole messages only; events only for paths the guest may read (or relative ones).
    void step(const Oracle &oracle, BridgeSession &session, qsizetype write, qsizetype read)
    {
        GuestOutput &output = session.toGuest();
        // A unix socket takes no more than its send buffer allows (BridgeLimits::guestSendBuffer,
        // doubled by the kernel, plus one buffer of half that).
        const qsizetype capacity = 3 * BridgeLimits{}.guestSendBuffer;
        const QByteArray bytes =
            output.nextToWrite(std::min(write, std::max<qsizetype>(0, capacity - socket.size())));
        output.written(bytes.size());
        socket += bytes;
        memory.append(socket.first(std::min(read, socket.size())));
        socket.remove(0, std::min(read, socket.size()));
        while (const auto message = memory.next()) {
            const QByteArray path = message->strings().value(0);
            if (message->kind() == Type::WatchEvent && path.startsWith('/') && !oracle.readable(path) &&
                !straddlerAllowed)
                std::abort();
            straddlerAllowed = false;
        }
        if (memory.failed() || output.unwrittenEventBytes() > BridgeLimits{}.eventBacklogBytes)
            std::abort();
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int domid = 1 + data[0] % 40;
    BridgeSession session(domid);
    Oracle oracle{QByteArrayLiteral("/local/domain/") + QByteArray::number(domid)};
    std::deque<xswire::Message> forwarded; // awaiting xenstored's answer, oldest first
    QList<QByteArray> tokens;
    GuestEnd guest;
    size_t at = 1;
    // Frames: an action byte, a length byte, that many bytes.
    while (at + 2 <= size && !session.failed()) {
        const uint8_t action = data[at];
        const size_t length = std::min<size_t>(data[at + 1], size - at - 2);
        const QByteArray bytes(reinterpret_cast<const char *>(data + at + 2), qsizetype(length));
        at += 2 + length;
        switch (action % 5) {
        case 0: // the guest sends (as the connection reads it: only while the session takes more)
            if (session.acceptsGuestInput())
                session.receiveFromGuest(bytes);
            break;
        case 1: // xenstored answers the oldest forwarded request: OK, an error, or these bytes
            if (!forwarded.empty()) {
                const xswire::Message request = forwarded.front();
                forwarded.pop_front();
                const bool error = !bytes.isEmpty() && bytes.at(0) & 1;
                const QByteArray payload = request.kind() == Type::TransactionStart
                                               ? QByteArray::number(bytes.size() % 4 + 1) + '\0'
                                           : error ? xswire::errorPayload(EAGAIN)
                                                   : bytes;
                session.receiveFromUpstream(xswire::encode(xswire::Message{
                    error ? quint32(Type::Error) : request.type, request.requestId, 0, payload}));
            }
            break;
        case 2: // a watch event for a registered token, at any path
            if (!tokens.isEmpty())
                session.receiveFromUpstream(xswire::encode(
                    xswire::Message{quint32(Type::WatchEvent), 0, 0,
                                    bytes + '\0' + tokens.at(bytes.size() % tokens.size()) + '\0'}));
            break;
        case 3: // the bridge writes, the guest reads some of what waits for it
            guest.step(oracle, session, qsizetype(length) * 64, qsizetype(length) * 32);
            break;
        case 4: { // a fork: the clone's memory is the guest's; what waited in the socket never got there
            domid = 1 + (domid + int(length)) % 40;
            session = session.fork(domid, guest.socket.size());
            oracle = Oracle{QByteArrayLiteral("/local/domain/") + QByteArray::number(domid)};
            forwarded.clear();
            tokens.clear();
            guest.socket.clear();
            guest.straddlerAllowed = guest.memory.buffered() > 0;
            break;
        }
        }
        checkUpstream(oracle, session, forwarded, tokens);
    }
    return 0;
}
