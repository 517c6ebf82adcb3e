#pragma once

// xenstore's wire protocol (Xen's xs_wire.h, docs/misc/xenstore.txt): a 16-byte
// header (type, request id, transaction id, payload length; host-order u32, which
// on every platform Xen runs on is little-endian) and at most 4,096 bytes of
// payload, usually NUL-terminated strings. The one codec of this project for it:
// the console's asynchronous client encodes requests and decodes replies with it,
// and clonedeckd's per-domain bridge decodes what a (hostile) guest sends. Pure
// data, no I/O; the decoder is fuzzed.
#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace clonedeck::xswire {

// The message types clonedeck speaks or polices; values are xs_wire.h's.
enum class Type : quint32
{
    Control = 0,
    Directory = 1,
    Read = 2,
    GetPerms = 3,
    Watch = 4,
    Unwatch = 5,
    TransactionStart = 6,
    TransactionEnd = 7,
    Introduce = 8,
    Release = 9,
    GetDomainPath = 10,
    Write = 11,
    Mkdir = 12,
    Rm = 13,
    SetPerms = 14,
    WatchEvent = 15,
    Error = 16,
    IsDomainIntroduced = 17,
    Resume = 18,
    SetTarget = 19,
    ResetWatches = 21,
    DirectoryPart = 22,
};

inline constexpr qsizetype kHeaderSize = 16;
inline constexpr quint32 kPayloadMax = 4096;        // XENSTORE_PAYLOAD_MAX
inline constexpr qsizetype kAbsolutePathMax = 3072; // XENSTORE_ABS_PATH_MAX
inline constexpr qsizetype kRelativePathMax = 2048; // XENSTORE_REL_PATH_MAX

struct Message
{
    quint32 type = 0;
    quint32 requestId = 0;
    quint32 transactionId = 0;
    QByteArray payload;

    Type kind() const { return Type(type); }
    // The payload's NUL-separated strings; a trailing NUL ends the last one, it does not start
    // another ("a\0b\0" -> [a, b]; "a\0b" -> [a, b]; "" -> []).
    QList<QByteArray> strings() const;
    bool operator==(const Message &) const = default;
};

// Header and payload as one buffer, ready to write.
QByteArray encode(const Message &message);

// Payload builders, as libxenstore sends them.
QByteArray pathPayload(const QString &path);                           // path\0
QByteArray writePayload(const QString &path, const QByteArray &value); // path\0value (no trailing NUL)
QByteArray watchPayload(const QString &path, const QString &token);    // path\0token\0
QByteArray errorPayload(int errnum);                                   // "EINVAL\0", as xenstored replies

// The errno an XS_ERROR payload names (EINVAL, ENOENT, ...); EIO for a name xs_wire.h does not list.
int errnoFromErrorPayload(const QByteArray &payload);
// xs_wire.h's spelling of an errno ("EACCES"); "EIO" for one it does not list.
QByteArray errnoName(int errnum);
const char *typeName(quint32 type);

// Splits a byte stream into messages. Feed it what the socket gave; take messages while
// next() has one. A header announcing more than kPayloadMax bytes poisons the stream (its
// framing can no longer be trusted, as xenstored treats it): failed() turns true and no
// further message is returned.
class MessageReader
{
public:
    void append(const QByteArray &bytes);
    void append(const char *data, qsizetype size);
    std::optional<Message> next();

    bool failed() const { return m_failed; }
    QString errorString() const { return m_error; }
    qsizetype buffered() const { return m_buffer.size() - m_offset; }
    // The bytes received but not yet returned as a message (a partial one), so that a
    // connection's reader can be carried over to another (a forked VM's channel).
    QByteArray pending() const { return m_buffer.mid(m_offset); }

private:
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    bool m_failed = false;
    QString m_error;
};

} // namespace clonedeck::xswire
