#include "LaunchServices.h"

#include "PlatformConnection.h"
#include "PlatformConnections.h"

namespace clonedeck {

LaunchServices launchServicesOn(const LaunchServices &services, const QString &host)
{
    LaunchServices on = services;
    if (host.isEmpty() || services.platforms == nullptr)
        return on;
    if (PlatformConnection *platform = services.platforms->find(host)) {
        on.gateway = platform->gateway();
        on.mirror = platform->mirror();
        on.tunnel = platform->tunnel();
    }
    return on;
}

} // namespace clonedeck
