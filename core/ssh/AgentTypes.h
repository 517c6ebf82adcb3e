#pragma once

// Plain value types shared by the agent-session API: where an agent runs, how it is
// launched, what state it is in and how it ended. Kept free of libssh so the UI and the
// launcher pipeline can use them without pulling in SSH headers.
#include "Error.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace clonedeck {

class HostKeyPolicy;
class TcpTunnel;

using AgentSessionId = quint64;

enum class AgentState
{
    WaitingForClone,
    WaitingForIp,
    Connecting,
    Handshaking,
    Authenticating,
    Starting,
    Running,
    Stopping,
    Exited,
    Failed,
};
QString agentStateName(AgentState state);
// The untranslated words for people (AgentModel::stateText translates them).
const char *agentStateText(AgentState state);
bool isFinal(AgentState state);

enum class AgentStream
{
    Stdout,
    Stderr
};

// One clone (or master) to run an agent on. (cluster, domid) identifies the clone for
// the duplicate-launch guard; masterDomid ties it to the lineage whose host key it must present.
struct AgentTarget
{
    QString cluster;
    int masterDomid = -1;
    int domid = -1;
    QString address; // numeric IPv4/IPv6
    quint16 port = 22;
    QString user;
    // When the master was created: with (cluster, masterDomid) it names one master
    // *instance*. A master recreated under the same name (a new platform, a new run
    // directory) has a new host key and is a new lineage, not a key change. 0: unknown.
    qint64 masterCreatedMs = 0;
    // The platform the domain belongs to (its connection's URI): domids are each platform's own,
    // so one console driving several hosts has a domain 2 on each. Empty: the only one.
    QString platform = {}; // initialised: positional AgentTarget{...} stays warning-free
};

// The name host-key pins are kept under for this target's lineage: the cluster, and the
// master instance when known.
QString pinScope(const AgentTarget &target);

struct AgentLaunchOptions
{
    QString command;
    QStringList identityFiles;                    // tried in order after the agent (identityFilesFor)
    bool useSshAgent = true;                      // ssh-agent first, if SSH_AUTH_SOCK (or agentSocket) is set
    QString agentSocket;                          // overrides SSH_AUTH_SOCK for this session
    bool useSshConfig = true;                     // honour ssh_config (libssh's subset) for this host
    QString sshConfigFile;                        // empty: ~/.ssh/config and /etc/ssh/ssh_config
    std::shared_ptr<HostKeyPolicy> hostKeyPolicy; // null: the manager's default policy
    // null: connect to the target from here; else through this (a clone on a remote host,
    // reached over that host's SSH connection).
    std::shared_ptr<TcpTunnel> tunnel = nullptr;
    // The target's address may be a host name, resolved blocking on the connection's thread:
    // only for a remote host's connection, which has a thread of its own.
    bool resolveNames = false;
    int launchTimeoutMs = 30000; // from launch() until Running
    int connectRetries = -1;     // retries after the first attempt; -1: until the launch timeout
    int initialBackoffMs = 100;
    int maxBackoffMs = 2000;
    int keepaliveSeconds = 30;       // 0: off
    int idleSeconds = 0;             // no output for this long: idle(); 0: off
    int outputLines = 1000;          // lines kept per stream (recentLines) ...
    qint64 outputBytes = 128 * 1024; // ... and at most this much text per stream (RetainedLines)
    // Output read from SSH and handed on but not yet acknowledged (see OutputAcknowledgement).
    // At this much the session stops reading its connection: the SSH window and TCP then make
    // the agent wait, instead of this process buffering what its consumer has not taken.
    qint64 outputWindowBytes = 256 * 1024;
    int stopEofMs = 2000;    // stop(): wait this long after EOF before TERM
    int stopSignalMs = 2000; // ... and this long after TERM before disconnecting
};

// The identity files a session offers after ssh-agent: the options' own; else, through a
// tunnel, those that log in to the tunnel's host (the operator's, which that host's clones
// accept as operator keys); else none, and libssh's defaults (~/.ssh/id_*) are tried.
QStringList identityFilesFor(const AgentLaunchOptions &options);

// Who tells a session that the output it handed on has been taken (AgentSessionManager).
enum class OutputAcknowledgement
{
    // The manager's own thread has processed it: every receiver living in that thread (the
    // console's models and views) has had the chunk. The default.
    OnDelivery,
    // The consumer calls AgentSessionManager::acknowledgeOutput() for what it has written or
    // shown (clonectl launch: what its stdout pipe took).
    ByConsumer
};

struct AgentExit
{
    int exitCode = -1; // -1 when the agent died by a signal or the status is unknown
    QString signal;    // "TERM", "KILL", ... when it died by a signal
    bool stoppedByRequest = false;
    bool statusKnown = false; // false: the connection ended before the server reported one
};

struct AgentStateChange
{
    AgentState state = AgentState::Connecting;
    QString detail;
    QDateTime at;
};

// What the manager knows about a session, as a snapshot readable from any thread.
struct AgentSessionInfo
{
    AgentSessionId id = 0;
    AgentTarget target;
    bool probe = false;
    AgentState state = AgentState::Connecting;
    QList<AgentStateChange> history; // every transition, timestamped
    QString hostKeyFingerprint;
    bool insecureHostKey = false; // accepted under the insecure policy: show a warning
    bool outputPaused = false;    // at its output window: waiting for the consumer
    std::optional<AgentExit> exit;
    std::optional<Error> error;
};

} // namespace clonedeck

Q_DECLARE_METATYPE(clonedeck::AgentState)
Q_DECLARE_METATYPE(clonedeck::AgentStream)
Q_DECLARE_METATYPE(clonedeck::AgentExit)
