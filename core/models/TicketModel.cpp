#include "TicketModel.h"

#include "StateTone.h"

#include <QDateTime>

namespace clonedeck {

namespace {
qint64 numberOf(const QString &id)
{
    return id.mid(1).toLongLong();
}

// The order of the rows: by host, then by ticket number.
std::pair<const QString &, qint64> orderOf(const QString &host, const QString &id)
{
    return {host, numberOf(id)};
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
                  QT_TRANSLATE_NOOP("clonedeck::TicketModel", "Clones live / used"),
                  QT_TRANSLATE_NOOP("clonedeck::TicketModel", "Host")},
                 parent)
{}

QVariant TicketModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_tickets.size())
        return {};
    const TicketInfo &t = m_tickets[index.row()].ticket;
    const QString &host = m_tickets[index.row()].host;
    if (role == TicketIdRole)
        return t.id;
    if (role == HostRole)
        return host;
    if (role == ToneRole)
        return int(toneOf(t.state));
    // Every column at once, in column order: a row of at most a few hundred tickets.
    if (role == SortRole) // numbers and times as such, not as text
        return QVariantList{numberOf(t.id),    t.owner,     t.granted,   t.vcpus, t.memoryMb,
                            toString(t.state), t.createdMs, t.expiresMs, t.live,  host}
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
                        QStringLiteral("%1 / %2").arg(t.live).arg(t.used),
                        host}
        .value(index.column());
}

QList<TicketModel::Row>::const_iterator TicketModel::placeOf(const QString &host, const QString &id) const
{
    return std::lower_bound(m_tickets.begin(), m_tickets.end(), orderOf(host, id),
                            [](const Row &r, auto key) { return orderOf(r.host, r.ticket.id) < key; });
}

int TicketModel::rowOf(const QString &host, const QString &id) const
{
    const auto it = placeOf(host, id);
    return it != m_tickets.end() && it->host == host && it->ticket.id == id ? int(it - m_tickets.begin())
                                                                            : -1;
}

std::optional<TicketInfo> TicketModel::ticket(int row) const
{
    if (row < 0 || row >= m_tickets.size())
        return std::nullopt;
    return m_tickets[row].ticket;
}

QString TicketModel::hostOf(int row) const
{
    return row >= 0 && row < m_tickets.size() ? m_tickets[row].host : QString();
}

void TicketModel::addTicket(const TicketInfo &ticket)
{
    addTicketOn(m_defaultHost, ticket);
}

void TicketModel::changeTicket(const TicketInfo &, const TicketInfo &after)
{
    changeTicketOn(m_defaultHost, after, after);
}

void TicketModel::removeTicket(const TicketInfo &ticket)
{
    removeTicketOn(m_defaultHost, ticket);
}

void TicketModel::addTicketOn(const QString &host, const TicketInfo &ticket)
{
    if (rowOf(host, ticket.id) >= 0)
        return changeTicketOn(host, ticket, ticket);
    const int row = int(placeOf(host, ticket.id) - m_tickets.begin());
    beginInsertRows({}, row, row);
    m_tickets.insert(row, Row{host, ticket});
    endInsertRows();
}

void TicketModel::changeTicketOn(const QString &host, const TicketInfo &, const TicketInfo &after)
{
    const int row = rowOf(host, after.id);
    if (row < 0)
        return addTicketOn(host, after);
    m_tickets[row].ticket = after;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void TicketModel::removeTicketOn(const QString &host, const TicketInfo &ticket)
{
    const int row = rowOf(host, ticket.id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_tickets.removeAt(row);
    endRemoveRows();
}

void TicketModel::removeHost(const QString &host)
{
    // A host's rows are contiguous (ordered by host first): one range.
    const auto first =
        std::find_if(m_tickets.cbegin(), m_tickets.cend(), [&](const Row &r) { return r.host == host; });
    const auto last = std::find_if(first, m_tickets.cend(), [&](const Row &r) { return r.host != host; });
    if (first == last)
        return;
    const int from = int(first - m_tickets.cbegin());
    const int to = int(last - m_tickets.cbegin()) - 1;
    beginRemoveRows({}, from, to);
    m_tickets.remove(from, to - from + 1);
    endRemoveRows();
}

} // namespace clonedeck
