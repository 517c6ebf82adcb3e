#include "ConsoleModels.h"

namespace clonedeck::bench {

namespace {
int countDomains(const QAbstractItemModel &model, const QModelIndex &parent)
{
    int count = 0;
    for (int row = 0, rows = model.rowCount(parent); row < rows; ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (index.data(MembershipModel::DomidRole).toInt() >= 0)
            ++count;
        count += countDomains(model, index);
    }
    return count;
}
} // namespace

ConsoleModels::ConsoleModels(std::unique_ptr<XenstoreTransport> transport)
    : ConsoleModels(QString())
{
    m_transport = std::move(transport);
}

ConsoleModels::ConsoleModels(const QString &socketPath)
    : m_socketPath(socketPath)
    , m_mirror(&m_gateway)
{
    QObject::connect(&m_mirror, &ClusterMirror::domainAdded, &m_membership, &MembershipModel::addDomain);
    QObject::connect(&m_mirror, &ClusterMirror::domainChanged, &m_membership, &MembershipModel::changeDomain);
    QObject::connect(&m_mirror, &ClusterMirror::domainRemoved, &m_membership, &MembershipModel::removeDomain);
    QObject::connect(&m_mirror, &ClusterMirror::ticketAdded, &m_tickets, &TicketModel::addTicket);
    QObject::connect(&m_mirror, &ClusterMirror::ticketChanged, &m_tickets, &TicketModel::changeTicket);
    QObject::connect(&m_mirror, &ClusterMirror::ticketRemoved, &m_tickets, &TicketModel::removeTicket);
}

void ConsoleModels::start()
{
    if (m_transport)
        m_gateway.open(std::move(m_transport));
    else
        m_gateway.open(m_socketPath);
    m_mirror.start();
}

int ConsoleModels::domainRows() const
{
    return countDomains(m_membership, {});
}

} // namespace clonedeck::bench
