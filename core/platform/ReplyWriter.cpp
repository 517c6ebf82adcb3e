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
    m_replyTimes.clear(); // a new xenstored holds none of the old replies
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
    m_xs->setPermissions(path, {XenstorePermission{0, XenstorePermission::None},
                                XenstorePermission{domid, XenstorePermission::Read}});
    m_replyTimes.insert(path, QDateTime::currentMSecsSinceEpoch());
    // Bound what one domain can make us keep: the oldest replies go first.
    const auto names = m_xs->directory(protocol::repliesPath(domid));
    if (!names || names->size() <= kMaxRepliesPerDomain)
        return;
    QList<QPair<qint64, QString>> byAge;
    for (const QString &name : *names) {
        const QString replyPath = protocol::replyPath(domid, name);
        byAge.append({m_replyTimes.value(replyPath, 0), replyPath});
    }
    std::sort(byAge.begin(), byAge.end());
    for (qsizetype i = 0; i < byAge.size() - kMaxRepliesPerDomain; ++i) {
        m_xs->remove(byAge[i].second);
        m_replyTimes.remove(byAge[i].second);
    }
}

void ReplyWriter::sweep()
{
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - m_replyTtlMs;
    for (auto it = m_replyTimes.begin(); it != m_replyTimes.end();) {
        if (it.value() < cutoff) {
            if (m_xs)
                m_xs->remove(it.key());
            it = m_replyTimes.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace clonedeck
