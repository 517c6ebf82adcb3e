#pragma once

// Builds the host-key policy an operator chose by name (lineage, known-hosts,
// trust-on-first-use, insecure), with pins kept in one settings file.
#include "Error.h"

#include <QString>

#include <memory>

namespace clonedeck {

class HostKeyPolicy;

struct HostKeyPolicySettings
{
    QString pinFile;        // empty: <config dir>/clonedeck/host-keys.ini
    QString knownHostsFile; // empty: ~/.ssh/known_hosts
};

Result<std::shared_ptr<HostKeyPolicy>> makeHostKeyPolicy(const QString &name,
                                                         const HostKeyPolicySettings &settings);
QString defaultPinFile();

} // namespace clonedeck
