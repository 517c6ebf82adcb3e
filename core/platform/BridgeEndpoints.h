#pragma once

// Gives each domain the xenstore endpoint its VM talks to (COMMON.md, D4: the
// per-domain bridge). The control plane opens a domain's endpoint before the
// backend starts or resumes the VM and hands it over in VmSpec::bridgeEndpoint;
// it closes it once the domain is destroyed.
#include "Error.h"
#include "PlatformRecords.h"

namespace clonedeck {

class BridgeEndpoints
{
public:
    virtual ~BridgeEndpoints() = default;
    // The endpoint (a unix socket path) for `domain`, ready for its VM's connections. For a
    // clone (role Clone, `master` set) the bridge may start it from its master's connection.
    virtual Result<QString> open(const DomainInfo &domain) = 0;
    // The domain is gone: its endpoint closes. Unknown domids are ignored.
    virtual void close(int domid) = 0;
};

// Until the bridge is built in: each VM is given the path its own endpoint will have
// (<directory>/<domid>.sock), never xenstored's privileged socket; nothing answers there yet.
class ReservedEndpointPaths : public BridgeEndpoints
{
public:
    explicit ReservedEndpointPaths(QString directory)
        : m_directory(std::move(directory))
    {}
    Result<QString> open(const DomainInfo &domain) override
    {
        return m_directory + QLatin1Char('/') + QString::number(domain.domid) + QStringLiteral(".sock");
    }
    void close(int) override {}

private:
    QString m_directory;
};

} // namespace clonedeck
