#include "ControlPlane.h"

#include "BridgeEndpoints.h"
#include "CommittedState.h"
#include "DomainLifecycle.h"
#include "Log.h"
#include "PlatformPublisher.h"
#include "ReplyWriter.h"
#include "RequestRouter.h"
#include "StartupReconciler.h"
#include "TicketBook.h"
#include "UsagePublisher.h"
#include "VmBackend.h"
#include "XenstoreConnection.h"

namespace clonedeck {

// The parts, in the order they depend on each other.
struct ControlPlane::Parts
{
    Parts(const PlatformConfig &config, std::unique_ptr<StateStore> store, VmBackend &backend,
          BridgeEndpoints &bridge)
        : committed(config, std::move(store))
        , replies(config.replyTtlMs)
        , publisher(config, committed, backend.kind(), backend.accelerator())
        , tickets(config, committed, backend, replies)
        , domains(committed, backend, bridge, replies, publisher)
        , router(committed, replies, tickets, domains)
        , reconciler(config, committed, backend, bridge, domains)
        , usage(committed, backend, config.usageIntervalMs)
    {}

    CommittedState committed;
    ReplyWriter replies;
    PlatformPublisher publisher;
    TicketBook tickets;
    DomainLifecycle domains;
    RequestRouter router;
    StartupReconciler reconciler;
    UsagePublisher usage;
};

ControlPlane::ControlPlane(PlatformConfig config, std::unique_ptr<StateStore> store,
                           std::unique_ptr<XenstoreConnection> xenstore, VmBackend *backend,
                           BridgeEndpoints *bridge, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_xs(std::move(xenstore))
    , m_parts(std::make_unique<Parts>(m_config, std::move(store), *backend, *bridge))
{
    // Published only once committed: the publisher follows the store, never runs ahead of it.
    connect(&m_parts->committed, &CommittedState::committed, &m_parts->publisher,
            &PlatformPublisher::publishDecision);
    connect(&m_parts->committed, &CommittedState::committed, &m_parts->usage, &UsagePublisher::forgetRemoved);
    connect(&m_parts->reconciler, &StartupReconciler::finished, this, [this] {
        if (auto served = serve(); !served) {
            spdlog::critical("cannot serve: {}", served.error().toString());
            return;
        }
        emit ready();
    });
}

ControlPlane::~ControlPlane()
{
    stop();
}

const QMap<QString, TicketInfo> &ControlPlane::tickets() const
{
    return m_parts->committed.state().tickets();
}

const QMap<int, DomainInfo> &ControlPlane::domains() const
{
    return m_parts->committed.state().domains();
}

Status ControlPlane::start()
{
    if (auto loaded = m_parts->committed.load(); !loaded)
        return loaded;
    return m_parts->reconciler.run();
}

Status ControlPlane::serve()
{
    if (auto published = m_parts->publisher.publishAll(m_xs.get()); !published)
        return published;
    m_parts->replies.setConnection(m_xs.get());
    if (auto attached = m_parts->router.attach(m_xs.get()); !attached)
        return attached;
    m_parts->tickets.start();
    m_parts->usage.setConnection(m_xs.get());
    m_parts->usage.start();
    m_serving = true;
    spdlog::info("control plane serving: {} host(s), {} domain(s), {} ticket(s)", m_config.hosts.size(),
                 domains().size(), tickets().size());
    return Done{};
}

Status ControlPlane::reattach(std::unique_ptr<XenstoreConnection> xenstore)
{
    // xenstored was restarted: its tree is empty. What is committed is published again, and
    // requests are watched on the new connection.
    m_parts->router.detach();
    m_parts->replies.setConnection(nullptr);
    m_parts->publisher.publishAll(nullptr);
    m_parts->usage.setConnection(nullptr);
    m_xs = std::move(xenstore);
    if (!m_serving)
        return Done{}; // still starting: serve() publishes on the new connection
    return serve();
}

void ControlPlane::stop()
{
    if (!m_serving)
        return;
    m_serving = false;
    m_parts->tickets.stop();
    m_parts->usage.stop();
    m_parts->usage.setConnection(nullptr);
    m_parts->router.detach();
    m_parts->publisher.publishStopped();
    m_parts->replies.setConnection(nullptr);
    m_parts->publisher.publishAll(nullptr);
}

} // namespace clonedeck
