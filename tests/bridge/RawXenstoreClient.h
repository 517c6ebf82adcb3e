#pragma once

// A guest's end of a bridge endpoint, byte for byte: xenstore's wire protocol
// over a blocking unix socket, every wait with a deadline. Stands in for a
// (hostile or mid-snapshot) guest where libxenstore would hide the bytes.
#include "XenstoreWire.h"

#include <QList>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>

namespace clonedeck::test {

class RawXenstoreClient
{
public:
    static std::unique_ptr<RawXenstoreClient> connect(const QString &socketPath);
    ~RawXenstoreClient();
    RawXenstoreClient(const RawXenstoreClient &) = delete;
    RawXenstoreClient &operator=(const RawXenstoreClient &) = delete;

    bool sendRaw(const QByteArray &bytes);
    quint32 send(xswire::Type type, const QByteArray &payload, quint32 transaction = 0);
    // Sends a request and waits for its reply (events that come first are kept for nextEvent()).
    std::optional<xswire::Message> call(xswire::Type type, const QByteArray &payload, quint32 transaction = 0,
                                        int timeoutMs = 10000);
    // The next reply / watch event, waiting up to the deadline.
    std::optional<xswire::Message> nextReply(int timeoutMs = 10000);
    std::optional<xswire::Message> nextEvent(int timeoutMs = 10000);
    QByteArray nextEventPayload(int timeoutMs = 10000);                   // "<none>" when none came
    QSet<QByteArray> nextEventPayloads(int count, int timeoutMs = 10000); // events that come in any order
    // Reads exactly `count` bytes as they come, bypassing the framing (a guest mid-message).
    QByteArray readRaw(qsizetype count, int timeoutMs = 10000);
    // Waits until the bridge has closed this connection.
    bool waitClosed(int timeoutMs = 10000);
    // Bytes the bridge wrote that this end has not read yet, waiting until at least `atLeast` are there.
    bool waitUnread(qsizetype atLeast, int timeoutMs = 10000) const;

    // "OK", "EACCES", a value...: what a reply says, for compact assertions.
    static QByteArray answerOf(const std::optional<xswire::Message> &reply);
    static QByteArray path(const QByteArray &path) { return path + '\0'; }
    static QByteArray pair(const QByteArray &first, const QByteArray &second)
    {
        return first + '\0' + second + '\0';
    }

    int fd() const { return m_fd; }

private:
    explicit RawXenstoreClient(int fd)
        : m_fd(fd)
    {}
    bool pump(int timeoutMs); // reads what is there (waiting up to timeoutMs); false on EOF/timeout
    std::optional<xswire::Message> next(QList<xswire::Message> &queue, int timeoutMs);

    int m_fd;
    xswire::MessageReader m_reader;
    QList<xswire::Message> m_replies;
    QList<xswire::Message> m_events;
    quint32 m_nextRequestId = 1;
    bool m_eof = false;
};

} // namespace clonedeck::test
