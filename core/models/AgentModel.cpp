#include "AgentModel.h"

#include "AgentSessionManager.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "StateTone.h"

#include <algorithm>

namespace clonedeck {

AgentModel::AgentModel(QObject *parent)
    : TableModel("clonedeck::AgentModel",
                 {QT_TRANSLATE_NOOP("clonedeck::AgentModel", "Domain"),
                  QT_TRANSLATE_NOOP("clonedeck::AgentModel", "Address"),
                  QT_TRANSLATE_NOOP("clonedeck::AgentModel", "Command"),
                  QT_TRANSLATE_NOOP("clonedeck::AgentModel", "State"),
                  QT_TRANSLATE_NOOP("clonedeck::AgentModel", "Since"),
                  QT_TRANSLATE_NOOP("clonedeck::AgentModel", "Retries"),
                  QT_TRANSLATE_NOOP("clonedeck::AgentModel", "Exit"),
                  QT_TRANSLATE_NOOP("clonedeck::AgentModel", "Last output"),
                  QT_TRANSLATE_NOOP("clonedeck::AgentModel", "Host")},
                 parent)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(0);
    connect(&m_coalesce, &QTimer::timeout, this, &AgentModel::flushOutput);
}

void AgentModel::follow(AgentSessionManager *sessions)
{
    m_sessions = sessions;
    // The manager emits on its I/O thread: these arrive queued, in order, on ours.
    connect(sessions, &AgentSessionManager::stateChanged, this, &AgentModel::changeState);
    connect(sessions, &AgentSessionManager::lineReceived, this, &AgentModel::appendLine);
    connect(sessions, &AgentSessionManager::exited, this, &AgentModel::setExit);
    connect(sessions, &AgentSessionManager::failed, this, &AgentModel::setFailed);
    connect(sessions, &AgentSessionManager::hostKeyVerified, this, &AgentModel::setHostKey);
}

QString AgentModel::stateText(AgentState state)
{
    return tr(agentStateText(state));
}

QVariant AgentModel::displayValue(const Row &row, int column) const
{
    switch (column) {
    case Clone:
        return row.target.domid;
    case Address:
        return QStringLiteral("%1:%2").arg(row.target.address).arg(row.target.port);
    case Command:
        return row.command;
    case State:
        return row.insecure ? tr("%1 (host key NOT checked)").arg(stateText(row.state))
                            : stateText(row.state);
    case Since:
        return row.since.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    case Retries:
        return row.retries;
    case ExitCode:
        if (!row.exit)
            return {};
        if (!row.exit->signal.isEmpty())
            return QStringLiteral("SIG%1").arg(row.exit->signal);
        return row.exit->statusKnown ? QVariant(row.exit->exitCode) : QVariant(tr("unknown"));
    case LastOutput:
        return row.lastLine;
    case Host:
        return row.host;
    }
    return {};
}

QVariant AgentModel::sortValue(const Row &row, int column) const
{
    switch (column) {
    case State:
        return int(row.state);
    case Since:
        return row.since.toMSecsSinceEpoch();
    case ExitCode:
        return row.exit ? row.exit->exitCode : -2;
    default:
        return displayValue(row, column);
    }
}

QVariant AgentModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AgentSessionId id = m_rows[index.row()];
    const Row &row = m_data[id];
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case SessionIdRole:
        return id;
    case DomidRole:
        return row.target.domid;
    case HostRole:
        return row.host;
    case StateRole:
        return int(row.state);
    case ToneRole:
        return int(toneOf(row.state, row.detail));
    case Qt::ToolTipRole:
        if (index.column() == State) {
            QString tip = row.error.isEmpty() ? row.detail : row.error;
            if (!row.fingerprint.isEmpty())
                tip += QLatin1Char('\n') + tr("Host key %1").arg(row.fingerprint);
            return tip;
        }
        if (index.column() == Clone)
            return tr("Cluster %1, master %2").arg(row.target.cluster).arg(row.target.masterDomid);
        return {};
    }
    return {};
}

QString AgentModel::hostNamed(const QString &platform) const
{
    if (!m_platforms)
        return {};
    for (const PlatformConnection *connection : m_platforms->all()) {
        if (!platform.isEmpty() && connection->uri() == platform)
            return connection->name();
    }
    // Launched before any URI was known, or on a connection removed since: the primary's, or its URI.
    return platform.isEmpty() && m_platforms->primary() ? m_platforms->primary()->name() : platform;
}

QString AgentModel::domainKey(const QString &host, int domid) const
{
    const QString name = host.isEmpty() ? hostNamed({}) : host;
    return name + QChar(0x1f) + QString::number(domid);
}

AgentSessionId AgentModel::newestSessionOn(int domid, const QString &host) const
{
    return m_newestOnDomain.value(domainKey(host, domid));
}

QString AgentModel::hostOf(AgentSessionId id) const
{
    const auto it = m_data.constFind(id);
    return it == m_data.constEnd() ? QString() : it->host;
}

void AgentModel::noteNewest(const Row &row, AgentSessionId id)
{
    m_newestOnDomain.insert(domainKey(row.host, row.target.domid), id);
    emit domainAgentStateChanged(row.target.domid, stateText(row.state), row.host);
}

AgentModel::Row *AgentModel::rowData(AgentSessionId id)
{
    const auto it = m_data.find(id);
    return it == m_data.end() ? nullptr : &it.value();
}

std::optional<AgentState> AgentModel::state(AgentSessionId id) const
{
    const auto it = m_data.constFind(id);
    return it == m_data.constEnd() ? std::nullopt : std::optional(it->state);
}

QString AgentModel::hostKeyFingerprint(AgentSessionId id) const
{
    const auto it = m_data.constFind(id);
    return it == m_data.constEnd() ? QString() : it->fingerprint;
}

QStringList AgentModel::lines(AgentSessionId id, AgentStream stream) const
{
    const auto it = m_data.constFind(id);
    if (it == m_data.constEnd())
        return {};
    return stream == AgentStream::Stdout ? it->out.lines() : it->err.lines();
}

void AgentModel::addSession(AgentSessionId id, const AgentTarget &target, const QString &command)
{
    if (m_data.contains(id) || m_ignored.contains(id))
        return;
    Row row;
    row.target = target;
    row.host = hostNamed(target.platform);
    row.command = command;
    row.since = QDateTime::currentDateTimeUtc();
    const int position = int(m_rows.size());
    beginInsertRows({}, position, position);
    m_rows.append(id);
    m_data.insert(id, row);
    endInsertRows();
    noteNewest(row, id);
    dropOldest();
}

bool AgentModel::ensureRow(AgentSessionId id)
{
    if (m_data.contains(id))
        return true;
    if (m_ignored.contains(id) || !m_sessions)
        return false;
    const auto info = m_sessions->info(id);
    if (!info || info->probe) {
        m_ignored.insert(id);
        return false;
    }
    addSession(id, info->target, QString());
    return true;
}

void AgentModel::emitRowChanged(AgentSessionId id)
{
    const int row = rowOf(id);
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void AgentModel::changeState(AgentSessionId id, AgentState state, const QString &detail, const QDateTime &at)
{
    if (!ensureRow(id)) {
        if (isFinal(state))
            m_ignored.remove(id); // a finished probe sends nothing more
        return;
    }
    Row &row = *rowData(id);
    const bool ended = isFinal(state) && !isFinal(row.state);
    row.state = state;
    row.detail = detail;
    row.since = at.isValid() ? at : QDateTime::currentDateTimeUtc();
    if (state == AgentState::Connecting && detail.contains(QLatin1String("retrying")))
        ++row.retries;
    if ((state == AgentState::Starting || state == AgentState::Running) && row.command.isEmpty())
        row.command = detail; // sessions launched elsewhere say their command here
    if (state == AgentState::Failed && row.error.isEmpty())
        row.error = detail;
    emitRowChanged(id);
    if (newestSessionOn(row.target.domid, row.host) == id)
        emit domainAgentStateChanged(row.target.domid, stateText(state), row.host);
    if (ended) {
        countEnded(row, row.bytes());
        dropOldest();
    }
}

void AgentModel::countEnded(const Row &row, qint64 delta)
{
    if (isFinal(row.state))
        m_endedBytes += delta;
}

void AgentModel::appendLine(AgentSessionId id, AgentStream stream, const QString &line)
{
    if (!ensureRow(id))
        return;
    Row &row = *rowData(id);
    const qint64 before = row.bytes();
    (stream == AgentStream::Stdout ? row.out : row.err).append(line);
    countEnded(row, row.bytes() - before);
    row.lastLine = line.left(1024); // a table cell: the start of the line is plenty
    emit lineAppended(id, stream, line);
    m_outputDirty.insert(id);
    if (!m_coalesce.isActive())
        m_coalesce.start();
    if (isFinal(row.state))
        dropOldest();
}

void AgentModel::flushOutput()
{
    QList<int> rows;
    for (AgentSessionId id : std::as_const(m_outputDirty)) {
        if (const int row = rowOf(id); row >= 0)
            rows.append(row);
    }
    m_outputDirty.clear();
    std::sort(rows.begin(), rows.end());
    // Adjacent rows become one range: a storm across many agents is a handful of signals.
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        emit dataChanged(index(rows[i], LastOutput), index(rows[j], LastOutput), {Qt::DisplayRole, SortRole});
        i = j + 1;
    }
}

void AgentModel::setExit(AgentSessionId id, const AgentExit &exit)
{
    if (!ensureRow(id))
        return;
    rowData(id)->exit = exit;
    emitRowChanged(id);
}

void AgentModel::setFailed(AgentSessionId id, const Error &error)
{
    if (!ensureRow(id))
        return;
    rowData(id)->error = error.toString();
    emitRowChanged(id);
}

void AgentModel::setHostKey(AgentSessionId id, const QString &fingerprint, bool insecure)
{
    if (!ensureRow(id))
        return;
    Row &row = *rowData(id);
    row.fingerprint = fingerprint;
    row.insecure = insecure;
    emitRowChanged(id);
}

void AgentModel::dropOldest()
{
    const auto overBudget = [this] { return m_rows.size() > kRowsKept || m_endedBytes > kEndedBytesKept; };
    for (qsizetype i = 0; overBudget() && i < m_rows.size();) {
        const AgentSessionId id = m_rows[i];
        if (!isFinal(m_data[id].state)) {
            ++i;
            continue;
        }
        beginRemoveRows({}, int(i), int(i));
        m_rows.removeAt(i);
        const Row row = m_data.take(id);
        endRemoveRows();
        m_endedBytes -= row.bytes();
        m_outputDirty.remove(id);
        if (newestSessionOn(row.target.domid, row.host) == id)
            m_newestOnDomain.remove(domainKey(row.host, row.target.domid));
    }
}

} // namespace clonedeck
