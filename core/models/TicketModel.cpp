#include "TicketModel.h"

#include <QDateTime>

namespace clonedeck {

namespace {
qint64 numberOf(const QString &id)
{
    return id.mid(1).toLongLong();
}

QString formatTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss")) : QString();
}
} // namespace

TicketModel::TicketModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int TicketModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tickets.size());
}

int TicketModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TicketModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("Ticket");
    case Owner:
        return tr("Owner");
    case Granted:
        return tr("Granted / requested");
    case Vcpus:
        return tr("vCPUs");
    case Memory:
        return tr("Memory (MB)");
    case State:
        return tr("State");
    case Created:
        return tr("Created");
    case Expires:
        return tr("Expires");
    case Used:
        return tr("Clones live / used");
    }
    return {};
}

QVariant TicketModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_tickets.size())
        return {};
    const TicketInfo &t = m_tickets[index.row()];
    if (role == TicketIdRole)
        return t.id;
    if (role == SortRole) {
        switch (index.column()) {
        case Id:
            return numberOf(t.id);
        case Granted:
            return t.granted;
        case Created:
            return t.createdMs;
        case Expires:
            return t.expiresMs;
        case Used:
            return t.live;
        default:
            break;
        }
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case Id:
        return t.id;
    case Owner:
        return t.owner;
    case Granted:
        return QStringLiteral("%1 / %2").arg(t.granted).arg(t.requested);
    case Vcpus:
        return t.vcpus;
    case Memory:
        return t.memoryMb;
    case State:
        return toString(t.state);
    case Created:
        return formatTime(t.createdMs);
    case Expires:
        return formatTime(t.expiresMs);
    case Used:
        return QStringLiteral("%1 / %2").arg(t.live).arg(t.used);
    }
    return {};
}

int TicketModel::rowOf(const QString &id) const
{
    const auto it = std::lower_bound(m_tickets.begin(), m_tickets.end(), numberOf(id),
                                     [](const TicketInfo &t, qint64 n) { return numberOf(t.id) < n; });
    return it != m_tickets.end() && it->id == id ? int(it - m_tickets.begin()) : -1;
}

std::optional<TicketInfo> TicketModel::ticket(int row) const
{
    if (row < 0 || row >= m_tickets.size())
        return std::nullopt;
    return m_tickets[row];
}

void TicketModel::addTicket(const TicketInfo &ticket)
{
    if (rowOf(ticket.id) >= 0)
        return changeTicket(ticket, ticket);
    const auto it = std::lower_bound(m_tickets.begin(), m_tickets.end(), numberOf(ticket.id),
                                     [](const TicketInfo &t, qint64 n) { return numberOf(t.id) < n; });
    const int row = int(it - m_tickets.begin());
    beginInsertRows({}, row, row);
    m_tickets.insert(row, ticket);
    endInsertRows();
}

void TicketModel::changeTicket(const TicketInfo &, const TicketInfo &after)
{
    const int row = rowOf(after.id);
    if (row < 0)
        return addTicket(after);
    m_tickets[row] = after;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void TicketModel::removeTicket(const TicketInfo &ticket)
{
    const int row = rowOf(ticket.id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_tickets.removeAt(row);
    endRemoveRows();
}

} // namespace clonedeck
