#include "EndpointWait.h"

#include "ClusterMirror.h"
#include "LaunchTargets.h"

namespace clonedeck {

EndpointWait::EndpointWait(const ClusterMirror *mirror, const QList<int> &domids, int timeoutMs, Done done,
                           QObject *parent)
    : QObject(parent)
    , m_waiting(domids.begin(), domids.end())
    , m_done(std::move(done))
{
    connect(mirror, &ClusterMirror::domainChanged, this,
            [this](const DomainInfo &, const DomainInfo &after) { check(after); });
    connect(mirror, &ClusterMirror::domainAdded, this, &EndpointWait::check);
    connect(mirror, &ClusterMirror::domainRemoved, this, [this](const DomainInfo &domain) {
        giveUp(domain.domid, ENOENT, QStringLiteral("the domain is gone"));
    });
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this, timeoutMs] {
        for (int domid : QList<int>(m_waiting.begin(), m_waiting.end()))
            giveUp(domid, ETIMEDOUT, QStringLiteral("no SSH endpoint within %1 ms").arg(timeoutMs));
    });
    m_deadline.start(timeoutMs);
    // Those ready already (or gone) are reported from the event loop too, never from inside this call.
    QTimer::singleShot(0, this, [this, mirror] {
        for (int domid : QList<int>(m_waiting.begin(), m_waiting.end())) {
            const auto domain = mirror->domains().constFind(domid);
            if (domain == mirror->domains().constEnd())
                giveUp(domid, ENOENT, QStringLiteral("no such domain"));
            else
                check(*domain);
        }
    });
}

void EndpointWait::check(const DomainInfo &domain)
{
    if (!m_waiting.contains(domain.domid))
        return;
    if (domain.state == DomainState::Failed || domain.state == DomainState::Stopping)
        return giveUp(domain.domid, EIO, QStringLiteral("the domain is %1").arg(toString(domain.state)));
    if (!hasSshEndpoint(domain))
        return;
    m_waiting.remove(domain.domid);
    m_ready.append(domain.domid);
    finishIfDone();
}

void EndpointWait::giveUp(int domid, int code, const QString &why)
{
    if (!m_waiting.remove(domid))
        return;
    m_failed.append({domid, Error{code, QString::number(domid), why}});
    finishIfDone();
}

void EndpointWait::finishIfDone()
{
    if (!m_waiting.isEmpty() || !m_done)
        return;
    m_deadline.stop();
    std::exchange(m_done, nullptr)(m_ready, m_failed);
    deleteLater();
}

} // namespace clonedeck
