#include "TicketModel.h"

#include "StateTone.h"

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
    : TableModel("clonedeck::TicketModel",
                 {QT_TRANSLATE_NOOP("clonedeck::TicketModel", "Ticket"),
                  QT_TRANSLATE_NOOP("clonedeck::TicketModel", "Owner"),
                  QT_TRANSLATE_NOOP("clonedeck::TicketModel", "Granted / requested"),
                  QT_TRANSLATE_NOOP("clonedeck::TicketModel", "vCPUs"),
                  QT_TRANSLATE_NOOP("clonedeck::TicketModel", "Memory (MB)"),
                  QT_TRANSLATE_NOOP("clonedeck::TicketModel", "State"),
                  QT_TRANSLATE_NOOP("clonedeck::TicketModel", "Created"),
                  QT_TRANSLATE_NOOP("clonedeck::TicketModel", "Expires"),
                  QT_TRANSLATE_NOOP("clonedeck::TicketModel", "Clones live / used")},
                 parent)
{}

QVariant TicketModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_tickets.size())
        return {};
    const TicketInfo &t = m_tickets[index.row()];
    if (role == TicketIdRole)
        return t.id;
    if (role == ToneRole)
        return int(toneOf(t.state));
    // Every column at once, in column order: a row of at most a few hundred tickets.
    if (role == SortRole) // numbers and times as such, not as text
        return QVariantList{numberOf(t.id),    t.owner,     t.granted,   t.vcpus, t.memoryMb,
                            toString(t.state), t.createdMs, t.expiresMs, t.live}
            .value(index.column());
    if (role != Qt::DisplayRole)
        return {};
    return QVariantList{t.id,
                        t.owner,
                        QStringLiteral("%1 / %2").arg(t.granted).arg(t.requested),
                        t.vcpus,
                        t.memoryMb,
                        toString(t.state),
                        formatTime(t.createdMs),
                        formatTime(t.expiresMs),
                        QStringLiteral("%1 / %2").arg(t.live).arg(t.used)}
        .value(index.column());
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
