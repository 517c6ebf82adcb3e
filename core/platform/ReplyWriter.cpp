#include "ReplyWriter.h"

#include "Log.h"
#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

#include <QDateTime>

namespace clonedeck {

namespace {
constexpr int kMaxRepliesPerDomain = 64;
}

ReplyWriter::ReplyWriter(qint64 replyTtlMs, QObject *parent)
    : QObject(parent)
    , m_replyTtlMs(replyTtlMs)
{
    m_sweep.setInterval(30000);
    connect(&m_sweep, &QTimer::timeout, this, &ReplyWriter::sweep);
}

void ReplyWriter::setConnection(XenstoreConnection *xenstore)
{
    m_xs = xenstore;
    m_written.clear(); // a new xenstored holds none of the old replies
    if (m_xs)
        m_sweep.start();
    else
        m_sweep.stop();
}

void ReplyWriter::write(int domid, const QString &requestId, const Reply &reply)
{
    if (requestId.isEmpty() || !m_xs)
        return;
    const QString path = protocol::replyPath(domid, requestId);
    QByteArray value = reply.toRecord().serialize();
    if (value.size() > Record::kMaxBytes) {
        // Never leave a caller waiting for a reply that cannot be written: say why instead.
        spdlog::error("domain {}: reply to {} is {} bytes, over the {}-byte limit", domid, requestId,
                      value.size(), Record::kMaxBytes);
        value =
            Reply::failure(Error{E2BIG, path, QStringLiteral("the platform's reply was too large to write")})
                .toRecord()
                .serialize();
    }
    if (auto written = m_xs->write(path, value); !written) {
        spdlog::error("domain {}: cannot write the reply to {}: {}", domid, requestId,
                      written.error().toString());
        return;
    }
    std::deque<Written> &replies = m_written[domid];
    // A request acted on again (a duplicate) rewrites its reply in place: still one reply.
    std::erase_if(replies, [&path](const Written &reply) { return reply.path == path; });
    replies.push_back({path, QDateTime::currentMSecsSinceEpoch()});
    // Bound what one domain can make us keep: the oldest replies go first.
    while (replies.size() > size_t(kMaxRepliesPerDomain)) {
        m_xs->remove(replies.front().path);
        replies.pop_front();
    }
}

void ReplyWriter::sweep()
{
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - m_replyTtlMs;
    for (auto domain = m_written.begin(); domain != m_written.end();) {
        std::deque<Written> &replies = domain.value();
        while (!replies.empty() && replies.front().atMs < cutoff) {
            if (m_xs)
                m_xs->remove(replies.front().path);
            replies.pop_front();
        }
        domain = replies.empty() ? m_written.erase(domain) : std::next(domain);
    }
}

} // namespace clonedeck
