#pragma once

// The platform's control plane, a xenstore *client* as Copper's dom0 daemon was:
// it watches the request nodes domains write under their own paths, validates
// each request as hostile input, decides, commits every decision to its store
// before acting on it, and publishes hosts, tickets and domains under /clonedeck
// (docs/protocol.md). This class only composes the parts, each with one job:
// CommittedState (the state and its store), RequestRouter, TicketBook,
// DomainLifecycle, StartupReconciler, PlatformPublisher, ReplyWriter.
#include "PlatformConfig.h"
#include "PlatformRecords.h"

#include <QMap>
#include <QObject>

#include <memory>

namespace clonedeck {

class BridgeEndpoints;
class StateStore;
class VmBackend;
class XenstoreConnection;

class ControlPlane : public QObject
{
    Q_OBJECT
public:
    ControlPlane(PlatformConfig config, std::unique_ptr<StateStore> store,
                 std::unique_ptr<XenstoreConnection> xenstore, VmBackend *backend, BridgeEndpoints *bridge,
                 QObject *parent = nullptr);
    ~ControlPlane() override;

    // Loads the committed state and reconciles the backend with it; emits ready() once every
    // domain runs (or is Failed) and requests are served. An error: the platform cannot start.
    Status start();
    // Stops serving; domains stay (they are resumed by the next start()).
    void stop();
    // Serves again over a new connection after xenstored was restarted.
    Status reattach(std::unique_ptr<XenstoreConnection> xenstore);

    const QMap<QString, TicketInfo> &tickets() const;
    const QMap<int, DomainInfo> &domains() const;

signals:
    void ready();

private:
    struct Parts; // CommittedState, ReplyWriter, PlatformPublisher, TicketBook, DomainLifecycle, ...
    Status serve();

    PlatformConfig m_config;
    std::unique_ptr<XenstoreConnection> m_xs;
    std::unique_ptr<Parts> m_parts;
    bool m_serving = false;
};

} // namespace clonedeck
