#include "Record.h"

#include <algorithm>
#include <limits>

namespace clonedeck {

namespace {

bool isSafeByte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '~' || c == ':' || c == ',' || c == '/' || c == '+' || c == '@' || c == '-';
}

QByteArray encodeValue(const QString &value)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (char c : utf8) {
        if (isSafeByte(c)) {
            out.append(c);
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out.append('%').append(hex[byte >> 4]).append(hex[byte & 0xF]);
        }
    }
    return out;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

Error invalid(const QString &message)
{
    return Error{EINVAL, {}, message};
}

std::optional<QString> decodeValue(const QByteArray &encoded)
{
    // The common case: nothing encoded. Safe bytes are printable ASCII, so the value is valid as is.
    if (!encoded.isEmpty() && std::all_of(encoded.begin(), encoded.end(), isSafeByte))
        return QString::fromLatin1(encoded);
    QByteArray raw;
    raw.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded.at(i);
        if (c == '%') {
            if (i + 2 >= encoded.size())
                return std::nullopt;
            const int high = hexDigit(encoded.at(i + 1));
            const int low = hexDigit(encoded.at(i + 2));
            if (high < 0 || low < 0)
                return std::nullopt;
            raw.append(char(high * 16 + low));
            i += 2;
        } else if (isSafeByte(c)) {
            raw.append(c);
        } else {
            return std::nullopt;
        }
    }
    // Decoded bytes must be valid UTF-8 without control characters: what we hand on is printable.
    QString text = QString::fromUtf8(raw);
    if (text.toUtf8() != raw)
        return std::nullopt;
    for (QChar ch : text) {
        if (ch.category() == QChar::Other_Control || ch == QChar::ReplacementCharacter)
            return std::nullopt;
    }
    return text;
}

} // namespace

bool Record::isValidKey(const QString &key)
{
    if (key.isEmpty() || key.size() > 32 || !(key.at(0) >= QLatin1Char('a') && key.at(0) <= QLatin1Char('z')))
        return false;
    for (QChar ch : key) {
        const bool ok = (ch >= QLatin1Char('a') && ch <= QLatin1Char('z')) ||
                        (ch >= QLatin1Char('0') && ch <= QLatin1Char('9')) || ch == QLatin1Char('_');
        if (!ok)
            return false;
    }
    return true;
}

Result<Record> Record::parse(const QByteArray &text)
{
    if (text.size() > kMaxBytes)
        return Error{
            E2BIG, {}, QStringLiteral("record of %1 bytes exceeds %2").arg(text.size()).arg(kMaxBytes)};
    Record record;
    if (text.isEmpty())
        return record;
    const QList<QByteArray> tokens = text.split(' ');
    if (tokens.size() > kMaxFields)
        return invalid(QStringLiteral("record has more than %1 fields").arg(kMaxFields));
    record.m_fields.reserve(tokens.size());
    for (const QByteArray &token : tokens) {
        const qsizetype equals = token.indexOf('=');
        if (equals <= 0)
            return invalid(QStringLiteral("malformed field (expected key=value)"));
        const QString key = QString::fromLatin1(token.left(equals));
        if (!isValidKey(key))
            return invalid(QStringLiteral("invalid key"));
        if (record.contains(key)) // at most 48 fields: a scan is cheaper than a set
            return invalid(QStringLiteral("duplicate key %1").arg(key));
        const auto value = decodeValue(token.mid(equals + 1));
        if (!value)
            return invalid(QStringLiteral("invalid value for key %1").arg(key));
        record.m_fields.append({key, *value});
    }
    return record;
}

QByteArray Record::serialize() const
{
    QByteArray out;
    for (const auto &[key, value] : m_fields) {
        if (!out.isEmpty())
            out.append(' ');
        out.append(key.toLatin1()).append('=').append(encodeValue(value));
    }
    return out;
}

bool Record::contains(const QString &key) const
{
    for (const auto &field : m_fields) {
        if (field.first == key)
            return true;
    }
    return false;
}

QString Record::value(const QString &key, const QString &fallback) const
{
    for (const auto &field : m_fields) {
        if (field.first == key)
            return field.second;
    }
    return fallback;
}

Result<qint64> Record::integer(const QString &key, qint64 min, qint64 max) const
{
    if (!contains(key))
        return invalid(QStringLiteral("missing field %1").arg(key));
    const QString text = value(key);
    bool ok = false;
    const qint64 number = text.toLongLong(&ok);
    // Only plain decimal digits: no sign games, no spaces, no hex.
    const bool plain =
        !text.isEmpty() && text.size() <= 19 &&
        std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit() && c.unicode() < 128; });
    if (!ok || !plain)
        return invalid(QStringLiteral("field %1 is not a number").arg(key));
    if (number < min || number > max)
        return invalid(QStringLiteral("field %1 out of range %2..%3").arg(key).arg(min).arg(max));
    return number;
}

std::optional<qint64> Record::optionalInteger(const QString &key) const
{
    auto result = integer(key, 0, std::numeric_limits<qint64>::max());
    if (!result)
        return std::nullopt;
    return *result;
}

void Record::set(const QString &key, const QString &value)
{
    Q_ASSERT(isValidKey(key));
    for (auto &field : m_fields) {
        if (field.first == key) {
            field.second = value;
            return;
        }
    }
    m_fields.append({key, value});
}

void Record::set(const QString &key, qint64 value)
{
    set(key, QString::number(value));
}

void Record::remove(const QString &key)
{
    m_fields.removeIf([&](const auto &field) { return field.first == key; });
}

QStringList Record::keys() const
{
    QStringList out;
    for (const auto &field : m_fields)
        out.append(field.first);
    return out;
}

} // namespace clonedeck
