#include "CloneSpawn.h"

#include "PlatformGateway.h"

#include <QPointer>

namespace clonedeck {

CloneSpawn::CloneSpawn(PlatformGateway *gateway, int masterDomid, QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_master(masterDomid)
{}

void CloneSpawn::requestTicket(int count, int vcpus, qint64 memoryMb, qint64 timeoutMs,
                               Then<TicketGrant> then)
{
    auto call = m_gateway->requestTicket(m_master, count, vcpus, memoryMb, timeoutMs);
    m_call = call.id;
    call.result.then(this, [this, then = std::move(then)](const Result<TicketGrant> &grant) {
        m_call = 0;
        if (grant)
            m_ticket = grant->ticket;
        then(grant);
    });
}

void CloneSpawn::clone(Then<QList<int>> then)
{
    auto call = m_gateway->clone(m_master, m_ticket);
    m_call = call.id;
    call.result.then(this, [this, then = std::move(then)](const Result<QList<int>> &domids) {
        m_call = 0;
        if (domids)
            m_domids = *domids;
        else if (domids.error().code != ECANCELED)  // given up: the gateway ends the ticket if clones come
            m_gateway->release(m_master, m_ticket); // do not leave a reservation behind
        then(domids);
    });
}

void CloneSpawn::spawn(int count, int vcpus, qint64 memoryMb, qint64 timeoutMs, Then<QList<int>> then)
{
    requestTicket(count, vcpus, memoryMb, timeoutMs, [this, then](const Result<TicketGrant> &grant) {
        if (!grant)
            return then(grant.error());
        clone(then);
    });
}

void CloneSpawn::cancel()
{
    if (m_call != 0)
        m_gateway->cancel(m_call);
}

void CloneSpawn::tearDown(bool join, Then<QString> then)
{
    // The gateway is the context of every step, so the steps outlive us; only `then` needs us.
    PlatformGateway *gateway = m_gateway;
    const QPointer<CloneSpawn> self(this);
    auto done = std::make_shared<QStringList>();
    auto endTicket = [gateway, self, master = m_master, ticket = m_ticket, done, then] {
        gateway->killTicket(master, ticket)
            .result.then(gateway, [self, ticket, done, then](const Result<int> &killed) {
                if (!self)
                    return;
                if (killed)
                    done->append(
                        QStringLiteral("ticket %1 ended (%2 clone(s) killed)").arg(ticket).arg(*killed));
                else if (killed.error().code != EINVAL &&
                         killed.error().code != ENOENT) // EINVAL: it had ended
                    return then(killed.error());
                then(done->join(QLatin1Char('\n')));
            });
    };
    if (!join || m_domids.isEmpty())
        return endTicket();
    auto joining = std::make_shared<qsizetype>(m_domids.size());
    for (int domid : std::as_const(m_domids)) {
        gateway->join(domid, true)
            .result.then(gateway, [domid, joining, done, endTicket](const Status &joined) {
                if (joined)
                    done->append(QStringLiteral("joined %1").arg(domid));
                if (--*joining == 0)
                    endTicket();
            });
    }
}

} // namespace clonedeck
