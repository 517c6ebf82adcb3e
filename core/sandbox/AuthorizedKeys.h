#pragma once

// The public keys of one file in OpenSSH's authorized_keys format ("TYPE BASE64 [COMMENT]"
// per line, '#' comments), held as the SHA-256 of each key, never as key text. Strict: the
// first malformed line is an error naming the file and the line, so an operator's typo is
// refused at start instead of silently granting nothing (or something else). Lines with key
// options (`restrict,command="..."`) are refused too: a VM's SSH server cannot enforce them.
#include "Error.h"

#include <QByteArray>
#include <QSet>
#include <QString>

struct ssh_key_struct; // libssh's ssh_key

namespace clonedeck {

class AuthorizedKeys
{
public:
    // `source` names the file in errors ("FILE:LINE").
    static Result<AuthorizedKeys> parse(const QByteArray &content, const QString &source);
    // Reads and parses a file (at most 1 MiB, like a VM's own authorized_keys).
    static Result<AuthorizedKeys> load(const QString &path);
    // Every well-formed line's key, the rest skipped: for a file a VM's guest writes.
    static AuthorizedKeys parseLeniently(const QByteArray &content);

    // The SHA-256 of a public key's blob (empty if libssh cannot hash it), what contains() takes.
    static QByteArray sha256Of(ssh_key_struct *key);

    bool contains(const QByteArray &sha256) const { return m_keys.contains(sha256); }
    qsizetype size() const { return m_keys.size(); }

private:
    static Result<AuthorizedKeys> parse(const QByteArray &content, const QString &source, bool strict);

    QSet<QByteArray> m_keys;
};

} // namespace clonedeck
