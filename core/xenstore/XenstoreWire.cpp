#include "XenstoreWire.h"

#include <cerrno>
#include <cstring>

namespace clonedeck::xswire {

namespace {

// xs_wire.h's xsd_errors table, in its order: the names xenstored puts in XS_ERROR payloads.
struct ErrorName
{
    int errnum;
    const char *name;
};
constexpr ErrorName kErrors[] = {
    {EINVAL, "EINVAL"},       {EACCES, "EACCES"},   {EEXIST, "EEXIST"}, {EISDIR, "EISDIR"},
    {ENOENT, "ENOENT"},       {ENOMEM, "ENOMEM"},   {ENOSPC, "ENOSPC"}, {EIO, "EIO"},
    {ENOTEMPTY, "ENOTEMPTY"}, {ENOSYS, "ENOSYS"},   {EROFS, "EROFS"},   {EBUSY, "EBUSY"},
    {EAGAIN, "EAGAIN"},       {EISCONN, "EISCONN"}, {E2BIG, "E2BIG"},   {EPERM, "EPERM"}};

quint32 readU32(const char *at)
{
    quint32 value;
    std::memcpy(&value, at, sizeof value);
    return value;
}

void appendU32(QByteArray &into, quint32 value)
{
    into.append(reinterpret_cast<const char *>(&value), sizeof value);
}

} // namespace

QList<QByteArray> Message::strings() const
{
    QList<QByteArray> parts;
    qsizetype start = 0;
    while (start < payload.size()) {
        qsizetype end = payload.indexOf('\0', start);
        if (end < 0)
            end = payload.size();
        parts.append(payload.mid(start, end - start));
        start = end + 1;
    }
    return parts;
}

QByteArray encode(const Message &message)
{
    QByteArray bytes;
    bytes.reserve(kHeaderSize + message.payload.size());
    appendU32(bytes, message.type);
    appendU32(bytes, message.requestId);
    appendU32(bytes, message.transactionId);
    appendU32(bytes, quint32(message.payload.size()));
    bytes.append(message.payload);
    return bytes;
}

QByteArray pathPayload(const QString &path)
{
    QByteArray payload = path.toUtf8();
    payload.append('\0');
    return payload;
}

QByteArray writePayload(const QString &path, const QByteArray &value)
{
    QByteArray payload = pathPayload(path);
    payload.append(value);
    return payload;
}

QByteArray watchPayload(const QString &path, const QString &token)
{
    QByteArray payload = pathPayload(path);
    payload.append(token.toUtf8());
    payload.append('\0');
    return payload;
}

QByteArray errnoName(int errnum)
{
    for (const ErrorName &entry : kErrors) {
        if (entry.errnum == errnum)
            return QByteArray(entry.name);
    }
    return QByteArrayLiteral("EIO");
}

QByteArray errorPayload(int errnum)
{
    QByteArray payload = errnoName(errnum);
    payload.append('\0');
    return payload;
}

int errnoFromErrorPayload(const QByteArray &payload)
{
    const qsizetype end = payload.indexOf('\0');
    const QByteArray name = end < 0 ? payload : payload.left(end);
    for (const ErrorName &entry : kErrors) {
        if (name == entry.name)
            return entry.errnum;
    }
    return EIO;
}

const char *typeName(quint32 type)
{
    switch (Type(type)) {
    case Type::Control:
        return "CONTROL";
    case Type::Directory:
        return "DIRECTORY";
    case Type::Read:
        return "READ";
    case Type::GetPerms:
        return "GET_PERMS";
    case Type::Watch:
        return "WATCH";
    case Type::Unwatch:
        return "UNWATCH";
    case Type::TransactionStart:
        return "TRANSACTION_START";
    case Type::TransactionEnd:
        return "TRANSACTION_END";
    case Type::Introduce:
        return "INTRODUCE";
    case Type::Release:
        return "RELEASE";
    case Type::GetDomainPath:
        return "GET_DOMAIN_PATH";
    case Type::Write:
        return "WRITE";
    case Type::Mkdir:
        return "MKDIR";
    case Type::Rm:
        return "RM";
    case Type::SetPerms:
        return "SET_PERMS";
    case Type::WatchEvent:
        return "WATCH_EVENT";
    case Type::Error:
        return "ERROR";
    case Type::IsDomainIntroduced:
        return "IS_DOMAIN_INTRODUCED";
    case Type::Resume:
        return "RESUME";
    case Type::SetTarget:
        return "SET_TARGET";
    case Type::ResetWatches:
        return "RESET_WATCHES";
    case Type::DirectoryPart:
        return "DIRECTORY_PART";
    }
    return "UNKNOWN";
}

void MessageReader::append(const QByteArray &bytes)
{
    append(bytes.constData(), bytes.size());
}

void MessageReader::append(const char *data, qsizetype size)
{
    if (m_failed || size <= 0)
        return;
    // Drop what was consumed before growing, so a long-lived stream does not accumulate.
    if (m_offset > 0 && m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    } else if (m_offset > 65536) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    m_buffer.append(data, size);
}

std::optional<Message> MessageReader::next()
{
    if (m_failed || buffered() < kHeaderSize)
        return std::nullopt;
    const char *at = m_buffer.constData() + m_offset;
    const quint32 length = readU32(at + 12);
    if (length > kPayloadMax) {
        m_failed = true;
        m_error = QStringLiteral("a message announces %1 bytes of payload, over xenstore's %2")
                      .arg(length)
                      .arg(kPayloadMax);
        return std::nullopt;
    }
    if (buffered() < kHeaderSize + qsizetype(length))
        return std::nullopt;
    Message message;
    message.type = readU32(at);
    message.requestId = readU32(at + 4);
    message.transactionId = readU32(at + 8);
    message.payload = QByteArray(at + kHeaderSize, qsizetype(length));
    m_offset += kHeaderSize + qsizetype(length);
    return message;
}

} // namespace clonedeck::xswire
