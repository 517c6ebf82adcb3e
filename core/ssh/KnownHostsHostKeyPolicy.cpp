#include "KnownHostsHostKeyPolicy.h"

#include "Log.h"

#include <QDir>
#include <QFile>

#include <libssh/libssh.h>

namespace clonedeck {

namespace {
// The fingerprints a known_hosts file lists for this host. ssh_session_get_known_hosts_entry()
// returns nothing when the key changed, which is exactly when the operator needs to see the
// expected key, so the file is scanned with libssh's own line parser (hashed names included).
QString knownFingerprints(const QString &file, const AgentTarget &target)
{
    const QString host =
        target.port == 22 ? target.address : QStringLiteral("[%1]:%2").arg(target.address).arg(target.port);
    QFile known(file);
    if (!known.open(QIODevice::ReadOnly | QIODevice::Text))
        return QStringLiteral("(unreadable: %1)").arg(known.errorString());
    QStringList fingerprints;
    const QByteArray hostName = host.toUtf8();
    while (!known.atEnd()) {
        const QByteArray line = known.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        struct ssh_knownhosts_entry *entry = nullptr;
        if (ssh_known_hosts_parse_line(hostName.constData(), line.constData(), &entry) == SSH_OK &&
            entry != nullptr) {
            Result<HostKey> key = HostKey::fromKey(entry->publickey);
            if (key.ok())
                fingerprints.append(key.value().fingerprint);
        }
        ssh_knownhosts_entry_free(entry);
    }
    return fingerprints.isEmpty() ? QStringLiteral("(no entry for %1)").arg(host)
                                  : fingerprints.join(QStringLiteral(", "));
}

QString defaultKnownHostsFile()
{
    return QDir::homePath() + QStringLiteral("/.ssh/known_hosts");
}
} // namespace

KnownHostsHostKeyPolicy::KnownHostsHostKeyPolicy(QString knownHostsFile, bool addUnknown,
                                                 QString acceptedFingerprint)
    : m_file(std::move(knownHostsFile))
    , m_addUnknown(addUnknown)
    , m_acceptedFingerprint(std::move(acceptedFingerprint))
{}

Status KnownHostsHostKeyPolicy::verify(const AgentTarget &target, const HostKey &presented,
                                       ssh_session session)
{
    if (session == nullptr)
        return rejected(target, QStringLiteral("known_hosts policy needs a live session"));
    if (!m_file.isEmpty())
        ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, m_file.toLocal8Bit().constData());
    const QString where = m_file.isEmpty() ? QStringLiteral("known_hosts") : m_file;

    switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
        return Done{};
    case SSH_KNOWN_HOSTS_CHANGED:
        return rejected(
            target, QStringLiteral("host key mismatch for %1: it presented %2 but %3 lists %4")
                        .arg(describe(target), presented.fingerprint, where,
                             knownFingerprints(m_file.isEmpty() ? defaultKnownHostsFile() : m_file, target)));
    case SSH_KNOWN_HOSTS_OTHER:
        return rejected(target,
                        QStringLiteral("host key mismatch for %1: it presented %2 (%3) but %4 lists a key "
                                       "of another type for it")
                            .arg(describe(target), presented.fingerprint, presented.type, where));
    case SSH_KNOWN_HOSTS_NOT_FOUND:
    case SSH_KNOWN_HOSTS_UNKNOWN:
        if (m_addUnknown ||
            (!m_acceptedFingerprint.isEmpty() && presented.fingerprint == m_acceptedFingerprint)) {
            if (ssh_session_update_known_hosts(session) != SSH_OK)
                return Error{EIO, where, QString::fromUtf8(ssh_get_error(session))};
            spdlog::info("ssh: added {} for {} to {}", presented.fingerprint, describe(target), where);
            return Done{};
        }
        return rejected(target, QStringLiteral("unknown host key %1 for %2: not in %3")
                                    .arg(presented.fingerprint, describe(target), where));
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return rejected(target,
                    QStringLiteral("cannot check %1 against %2: %3")
                        .arg(presented.fingerprint, where, QString::fromUtf8(ssh_get_error(session))));
}

} // namespace clonedeck
