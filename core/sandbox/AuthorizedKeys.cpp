#include "AuthorizedKeys.h"

#include <QFile>
#include <QList>

#include <libssh/libssh.h>

namespace clonedeck {

namespace {

constexpr qint64 kFileLimit = 1024 * 1024;

bool isKeyType(const QByteArray &word)
{
    return ssh_key_type_from_name(word.constData()) != SSH_KEYTYPE_UNKNOWN;
}

// The SHA-256 of the key the line names, or why the line names none.
Result<QByteArray> keyHashOfLine(const QList<QByteArray> &fields)
{
    if (!isKeyType(fields[0])) {
        for (qsizetype i = 1; i < fields.size(); ++i) {
            if (isKeyType(fields[i]))
                return Error{EINVAL,
                             {},
                             QStringLiteral("key options before the key are not supported (a VM cannot "
                                            "enforce them): list the key without options")};
        }
        return Error{
            EINVAL,
            {},
            QStringLiteral("expected \"TYPE BASE64 [COMMENT]\" with a key type such as ssh-ed25519")};
    }
    if (fields.size() < 2)
        return Error{EINVAL, {}, QStringLiteral("the key's base64 data is missing")};
    ssh_key key = nullptr;
    if (ssh_pki_import_pubkey_base64(fields[1].constData(), ssh_key_type_from_name(fields[0].constData()),
                                     &key) != SSH_OK)
        return Error{EINVAL, {}, QStringLiteral("not a valid %1 key").arg(QString::fromLatin1(fields[0]))};
    const QByteArray sha256 = AuthorizedKeys::sha256Of(key);
    ssh_key_free(key);
    if (sha256.isEmpty())
        return Error{EINVAL, {}, QStringLiteral("cannot hash the key")};
    return sha256;
}

} // namespace

QByteArray AuthorizedKeys::sha256Of(ssh_key_struct *key)
{
    unsigned char *hash = nullptr;
    size_t length = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK)
        return {};
    QByteArray sha256(reinterpret_cast<const char *>(hash), qsizetype(length));
    ssh_clean_pubkey_hash(&hash);
    return sha256;
}

Result<AuthorizedKeys> AuthorizedKeys::parse(const QByteArray &content, const QString &source)
{
    return parse(content, source, true);
}

AuthorizedKeys AuthorizedKeys::parseLeniently(const QByteArray &content)
{
    return parse(content, {}, false).value();
}

Result<AuthorizedKeys> AuthorizedKeys::parse(const QByteArray &content, const QString &source, bool strict)
{
    AuthorizedKeys keys;
    const QList<QByteArray> lines = content.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].simplified(); // also drops a CRLF file's '\r'
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        Result<QByteArray> hash = keyHashOfLine(line.split(' '));
        if (!hash && !strict)
            continue;
        if (!hash)
            return Error{hash.error().code, QStringLiteral("%1:%2").arg(source).arg(i + 1),
                         hash.error().message};
        keys.m_keys.insert(*hash);
    }
    return keys;
}

Result<AuthorizedKeys> AuthorizedKeys::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{file.error() == QFileDevice::OpenError && !file.exists() ? ENOENT : EACCES, path,
                     QStringLiteral("cannot read: %1").arg(file.errorString())};
    if (file.size() > kFileLimit)
        return Error{EFBIG, path, QStringLiteral("larger than %1 bytes").arg(kFileLimit)};
    return parse(file.read(kFileLimit + 1), path);
}

} // namespace clonedeck
