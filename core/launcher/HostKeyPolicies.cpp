#include "HostKeyPolicies.h"

#include "HostKeyPinStore.h"
#include "HostKeyPolicyNames.h"
#include "InsecureHostKeyPolicy.h"
#include "KnownHostsHostKeyPolicy.h"
#include "LineageHostKeyPolicy.h"
#include "Log.h"
#include "TrustOnFirstUseHostKeyPolicy.h"

#include <QStandardPaths>

namespace clonedeck {

QString defaultPinFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/clonedeck/host-keys.ini");
}

Result<std::shared_ptr<HostKeyPolicy>> makeHostKeyPolicy(const QString &name,
                                                         const HostKeyPolicySettings &settings)
{
    const QString pinFile = settings.pinFile.isEmpty() ? defaultPinFile() : settings.pinFile;
    if (name == QLatin1String(hostkeys::kLineage))
        return std::shared_ptr<HostKeyPolicy>(
            std::make_shared<LineageHostKeyPolicy>(std::make_shared<HostKeyPinStore>(pinFile)));
    if (name == QLatin1String(hostkeys::kTrustOnFirstUse))
        return std::shared_ptr<HostKeyPolicy>(
            std::make_shared<TrustOnFirstUseHostKeyPolicy>(std::make_shared<HostKeyPinStore>(pinFile)));
    if (name == QLatin1String(hostkeys::kKnownHosts))
        return std::shared_ptr<HostKeyPolicy>(
            std::make_shared<KnownHostsHostKeyPolicy>(settings.knownHostsFile));
    if (name == QLatin1String(hostkeys::kInsecure)) {
        spdlog::warn(
            "host-key checking is OFF (insecure policy chosen explicitly): any server key is accepted");
        return std::shared_ptr<HostKeyPolicy>(std::make_shared<InsecureHostKeyPolicy>());
    }
    return Error{
        EINVAL, name,
        QStringLiteral("unknown host-key policy (%1)").arg(hostkeys::names().join(QStringLiteral(", ")))};
}

} // namespace clonedeck
