#pragma once

// A server's public host key as a value: its type, its base64 blob (what known_hosts and
// our pin store hold) and its SHA256 fingerprint (what people compare in messages).
#include "Error.h"

#include <QString>

struct ssh_session_struct;
struct ssh_key_struct;

namespace clonedeck {

struct HostKey
{
    QString type;        // "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", ...
    QByteArray base64;   // the public key blob, base64
    QString fingerprint; // "SHA256:..."

    bool isNull() const { return base64.isEmpty(); }
    bool operator==(const HostKey &other) const { return type == other.type && base64 == other.base64; }
    QString toString() const; // "type base64", as in known_hosts and authorized_keys

    static Result<HostKey> fromKey(ssh_key_struct *key);
    // The key the server presented during the handshake of a connected session.
    static Result<HostKey> fromServer(ssh_session_struct *session);
    // "type base64 [comment]", as in a .pub file or a pin.
    static Result<HostKey> parse(const QString &text);
    static Result<HostKey> fromPublicKeyFile(const QString &path);
};

} // namespace clonedeck
