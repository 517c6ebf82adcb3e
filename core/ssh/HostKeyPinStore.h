#pragma once

// Pinned host keys, persisted in an INI settings file: per lineage (cluster, master) for the
// lineage policy and per (cluster, address) for trust-on-first-use. Thread-safe, and every
// change holds an exclusive lock on "<file>.lock-pins" (flock, released by the kernel if the
// holder dies), so pin-if-absent is atomic across processes too: when the console and
// clonectl meet a lineage first at once, exactly one key is pinned and both see that one.
#include "HostKey.h"

#include <QMutex>
#include <QSettings>

#include <optional>

namespace clonedeck {

class HostKeyPinStore
{
public:
    explicit HostKeyPinStore(const QString &settingsPath);

    QString path() const;

    std::optional<HostKey> lineagePin(const QString &cluster, int masterDomid) const;
    // Pins key unless a pin exists; returns the pin in force afterwards.
    Result<HostKey> pinLineageIfAbsent(const QString &cluster, int masterDomid, const HostKey &key);
    Status setLineagePin(const QString &cluster, int masterDomid, const HostKey &key);
    Status forgetLineage(const QString &cluster, int masterDomid);

    std::optional<HostKey> addressPin(const QString &cluster, const QString &address) const;
    Result<HostKey> pinAddressIfAbsent(const QString &cluster, const QString &address, const HostKey &key);
    Status forgetAddress(const QString &cluster, const QString &address);

private:
    static QString lineageKey(const QString &cluster, int masterDomid);
    static QString addressKey(const QString &cluster, const QString &address);
    std::optional<HostKey> readLocked(const QString &key) const;
    Result<HostKey> pinIfAbsentLocked(const QString &key, const HostKey &value);
    Result<HostKey> pinIfAbsentUnlocked(const QString &key, const HostKey &value);
    Status syncLocked();
    // Runs change (returning Result<T>) under the cross-process lock.
    template<typename T, typename Change>
    Result<T> underFileLock(Change change);

    mutable QMutex m_mutex;
    mutable QSettings m_settings;
};

} // namespace clonedeck
