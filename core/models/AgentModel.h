#pragma once

// Agent sessions as a table, one row per session, fed incrementally by
// AgentSessionManager's signals: a row is inserted on launch, a change of state, exit or
// output is one dataChanged for exactly that row, never a reset. Output bursts are
// coalesced (setCoalescingMs) into one dataChanged per range of rows; every line is still
// relayed at once through lineAppended for views that stream it. Keeps the last lines of
// each stream per session, so a view that starts following late loses little, within
// bounds a flood cannot move: kLinesKept lines and kBytesKept of text per stream, and ended
// sessions go (oldest first) beyond kRowsKept rows or kEndedBytesKept of their text.
#include "AgentTypes.h"
#include "RetainedLines.h"
#include "TableModel.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

namespace clonedeck {

class AgentSessionManager;
class PlatformConnections;

class AgentModel : public TableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Clone,
        Address,
        Command,
        State,
        Since,
        Retries,
        ExitCode,
        LastOutput,
        Host, // the domain's host (connection name); shown first by AgentsView, like Tickets'
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole,
        SessionIdRole,
        DomidRole,
        StateRole,
        ToneRole, // int(StateTone) of the session's state
        HostRole  // the host (connection name) the session's domain is on
    };
    static constexpr int kRowsKept = 1000;                      // beyond this, the oldest ended sessions go
    static constexpr int kLinesKept = 1000;                     // per stream and session ...
    static constexpr qint64 kBytesKept = 128 * 1024;            // ... and this much text (RetainedLines)
    static constexpr qint64 kEndedBytesKept = 16 * 1024 * 1024; // the ended sessions' text, together

    explicit AgentModel(QObject *parent = nullptr);

    // Follows every session of `sessions`, including those launched elsewhere (the launcher
    // pipeline); probes are left out.
    void follow(AgentSessionManager *sessions);
    void setCoalescingMs(int ms) { m_coalesce.setInterval(ms); }
    // Names each session's host after the connection whose URI its target names (domids repeat
    // across hosts: rows and the newest session per domain are keyed by host and domid).
    // Without it every session is on one unnamed host.
    void setPlatforms(PlatformConnections *platforms) { m_platforms = platforms; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    int rowOf(AgentSessionId id) const { return m_rows.indexOf(id); }
    AgentSessionId sessionAt(int row) const { return m_rows.value(row); }
    std::optional<AgentState> state(AgentSessionId id) const;
    QStringList lines(AgentSessionId id, AgentStream stream) const;
    // The host key the session's clone presented, as verified (empty until then).
    QString hostKeyFingerprint(AgentSessionId id) const;
    // The newest session on this domain of this host (over or not; empty host: the primary), or 0.
    AgentSessionId newestSessionOn(int domid, const QString &host = {}) const;
    QString hostOf(AgentSessionId id) const;
    static QString stateText(AgentState state);

public slots:
    void addSession(clonedeck::AgentSessionId id, const clonedeck::AgentTarget &target,
                    const QString &command);
    void changeState(clonedeck::AgentSessionId id, clonedeck::AgentState state, const QString &detail,
                     const QDateTime &at);
    void appendLine(clonedeck::AgentSessionId id, clonedeck::AgentStream stream, const QString &line);
    void setExit(clonedeck::AgentSessionId id, const clonedeck::AgentExit &exit);
    void setFailed(clonedeck::AgentSessionId id, const clonedeck::Error &error);
    void setHostKey(clonedeck::AgentSessionId id, const QString &fingerprint, bool insecure);

signals:
    void lineAppended(clonedeck::AgentSessionId id, clonedeck::AgentStream stream, const QString &line);
    // The agent state to show for a domain (the state of its newest session): membership's column.
    void domainAgentStateChanged(int domid, const QString &state, const QString &host);

private:
    struct Row
    {
        AgentTarget target;
        QString host;
        QString command;
        AgentState state = AgentState::Connecting;
        QString detail;
        QDateTime since;
        int retries = 0;
        std::optional<AgentExit> exit;
        QString error;
        QString lastLine;
        QString fingerprint;
        bool insecure = false;
        RetainedLines out{kLinesKept, kBytesKept};
        RetainedLines err{kLinesKept, kBytesKept};
        qint64 bytes() const { return out.bytes() + err.bytes(); }
    };

    int rows() const override { return int(m_rows.size()); }
    Row *rowData(AgentSessionId id);
    bool ensureRow(AgentSessionId id); // inserts sessions launched elsewhere, on their first signal
    void emitRowChanged(AgentSessionId id);
    void flushOutput();
    void dropOldest();
    void countEnded(const Row &row, qint64 delta);
    QVariant displayValue(const Row &row, int column) const;
    QVariant sortValue(const Row &row, int column) const;
    QString hostNamed(const QString &platform) const;
    QString domainKey(const QString &host, int domid) const;
    void noteNewest(const Row &row, AgentSessionId id);

    AgentSessionManager *m_sessions = nullptr;
    QList<AgentSessionId> m_rows; // launch order
    QHash<AgentSessionId, Row> m_data;
    QSet<AgentSessionId> m_ignored; // probes
    PlatformConnections *m_platforms = nullptr;
    QHash<QString, AgentSessionId> m_newestOnDomain; // by domainKey(host, domid)
    QSet<AgentSessionId> m_outputDirty;
    QTimer m_coalesce;
    qint64 m_endedBytes = 0; // text held by rows of ended sessions
};

} // namespace clonedeck
