#include "UsagePublisher.h"

#include "CommittedState.h"
#include "Decision.h"
#include "ProtocolPaths.h"
#include "VmBackend.h"
#include "XenstoreConnection.h"

namespace clonedeck {

UsagePublisher::UsagePublisher(const CommittedState &committed, VmBackend &backend, int intervalMs,
                               QObject *parent)
    : QObject(parent)
    , m_committed(committed)
    , m_backend(backend)
{
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &UsagePublisher::sampleNow);
}

void UsagePublisher::setConnection(XenstoreConnection *xenstore)
{
    m_xs = xenstore;
    m_published.clear();
    ++m_generation;
    m_inFlight = false;
    if (m_xs) {
        m_xs->mkdir(protocol::usagePath());
        m_xs->setPermissions(protocol::usagePath(), {XenstorePermission{0, XenstorePermission::Read}});
    }
}

void UsagePublisher::start()
{
    m_timer.start();
}

void UsagePublisher::stop()
{
    m_timer.stop();
    ++m_generation;
    m_inFlight = false;
}

void UsagePublisher::sampleNow()
{
    if (m_inFlight || !m_xs)
        return;
    QList<int> running;
    for (const DomainInfo &domain : m_committed.state().domains()) {
        if (domain.state == DomainState::Running)
            running.append(domain.domid);
    }
    m_inFlight = true;
    const quint64 generation = m_generation;
    m_backend.sampleUsage(running).then(this, [this, generation](const QHash<int, DomainUsage> &usage) {
        if (generation != m_generation)
            return;
        m_inFlight = false;
        publish(usage);
        emit sampled(usage);
    });
}

void UsagePublisher::publish(const QHash<int, DomainUsage> &usage)
{
    // Domains that stopped running anything: their node goes (no node = idle).
    for (auto it = m_published.begin(); it != m_published.end();) {
        if (usage.contains(it.key()) || !m_committed.state().domains().contains(it.key())) {
            ++it;
            continue;
        }
        m_xs->remove(protocol::domainUsagePath(it.key()));
        ++m_writes;
        it = m_published.erase(it);
    }
    for (const DomainUsage &now : usage) {
        const auto published = m_published.constFind(now.domid);
        const bool changed =
            published == m_published.constEnd() ? !now.isIdle() : now.differsNoticeablyFrom(*published);
        if (!changed || !m_committed.state().domains().contains(now.domid))
            continue;
        m_xs->write(protocol::domainUsagePath(now.domid), now.toRecord().serialize());
        ++m_writes;
        m_published.insert(now.domid, now);
    }
}

void UsagePublisher::forgetRemoved(const Decision &decision)
{
    for (auto it = decision.domains().begin(); it != decision.domains().end(); ++it) {
        if (it.value() || !m_published.remove(it.key()) || !m_xs)
            continue;
        m_xs->remove(protocol::domainUsagePath(it.key()));
        ++m_writes;
    }
}

} // namespace clonedeck
