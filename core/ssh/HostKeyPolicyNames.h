#pragma once

// The host-key policies by the names operators choose them by (preferences, launch
// profiles, `clonectl launch --host-key-policy`, policy configurations): the one table
// of them. What each does is its class's (LineageHostKeyPolicy, ...).
#include <QStringList>

namespace clonedeck::hostkeys {

inline constexpr char kLineage[] = "lineage";
inline constexpr char kKnownHosts[] = "known-hosts";
inline constexpr char kTrustOnFirstUse[] = "trust-on-first-use";
inline constexpr char kInsecure[] = "insecure";
// The strict one, taken whenever a name is missing or unknown: never an unchecked connection.
inline constexpr const char *kDefault = kLineage;

struct Name
{
    const char *name;
    bool checksKeys; // false: any key is accepted, which every view says out loud
};
inline constexpr Name kAll[] = {
    {kLineage, true}, {kKnownHosts, true}, {kTrustOnFirstUse, true}, {kInsecure, false}};

inline QStringList names()
{
    QStringList list;
    for (const Name &entry : kAll)
        list.append(QLatin1String(entry.name));
    return list;
}

// False for "insecure" (and for a name that is no policy: nothing is known to check it).
inline bool checksKeys(const QString &name)
{
    for (const Name &entry : kAll) {
        if (name == QLatin1String(entry.name))
            return entry.checksKeys;
    }
    return false;
}

} // namespace clonedeck::hostkeys
