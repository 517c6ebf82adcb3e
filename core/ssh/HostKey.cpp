#include "HostKey.h"

#include <QFile>

#include <libssh/libssh.h>

namespace clonedeck {

namespace {
Error keyError(const QString &message)
{
    return Error{EINVAL, QString(), message};
}

// ssh_key is an opaque handle; free it on every path.
struct KeyHolder
{
    ssh_key key = nullptr;
    ~KeyHolder() { ssh_key_free(key); }
};
} // namespace

QString HostKey::toString() const
{
    return type + QLatin1Char(' ') + QString::fromLatin1(base64);
}

Result<HostKey> HostKey::fromKey(ssh_key key)
{
    if (key == nullptr)
        return keyError(QStringLiteral("no host key"));
    HostKey result;
    result.type = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(key)));

    char *b64 = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK || b64 == nullptr)
        return keyError(QStringLiteral("cannot export the host key"));
    result.base64 = QByteArray(b64);
    ssh_string_free_char(b64);

    unsigned char *hash = nullptr;
    size_t hashLength = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hashLength) != 0)
        return keyError(QStringLiteral("cannot hash the host key"));
    char *fingerprint = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hashLength);
    ssh_clean_pubkey_hash(&hash);
    if (fingerprint == nullptr)
        return keyError(QStringLiteral("cannot format the host key fingerprint"));
    result.fingerprint = QString::fromLatin1(fingerprint);
    ssh_string_free_char(fingerprint);
    return result;
}

Result<HostKey> HostKey::fromServer(ssh_session session)
{
    KeyHolder holder;
    if (ssh_get_server_publickey(session, &holder.key) != SSH_OK)
        return keyError(QStringLiteral("the server presented no host key: %1")
                            .arg(QString::fromUtf8(ssh_get_error(session))));
    return fromKey(holder.key);
}

Result<HostKey> HostKey::parse(const QString &text)
{
    const QStringList fields = text.simplified().split(QLatin1Char(' '));
    if (fields.size() < 2)
        return keyError(QStringLiteral("not a public key line: \"%1\"").arg(text.left(80)));
    const enum ssh_keytypes_e type = ssh_key_type_from_name(fields[0].toLatin1().constData());
    if (type == SSH_KEYTYPE_UNKNOWN)
        return keyError(QStringLiteral("unknown key type \"%1\"").arg(fields[0]));
    KeyHolder holder;
    if (ssh_pki_import_pubkey_base64(fields[1].toLatin1().constData(), type, &holder.key) != SSH_OK)
        return keyError(QStringLiteral("malformed %1 key").arg(fields[0]));
    return fromKey(holder.key);
}

Result<HostKey> HostKey::fromPublicKeyFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ENOENT, path, file.errorString()};
    Result<HostKey> key = parse(QString::fromLatin1(file.readAll()));
    if (!key.ok())
        return Error{key.error().code, path, key.error().message};
    return key;
}

} // namespace clonedeck
