#pragma once

// The console's one way to a platform: ONE xenstore connection (an XenstoreClient,
// owned by its worker thread) and everything that travels on it — the reads and
// watches the mirror keeps the cluster current with, the connection's state, and the
// platform's calls (rt, clone, kill, join, release) as asynchronous requests answered
// through the domain's reply node. Every call can be given up: its future finishes at
// once with ECANCELED, and what the platform still grants it afterwards (a ticket, a
// clone's domains) is undone when the reply comes. Destroying the gateway finishes
// every call still waiting at once (quitting never waits for the platform).
//
// One gateway per platform; a console of several platforms (hosts over SSH) holds one
// each, made with another XenstoreTransport. Use it from the thread it lives on.
#include "Error.h"
#include "PlatformReplies.h"
#include "XenstoreTypes.h"

#include <QFuture>
#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

class QTimer;

namespace clonedeck {

class XenstoreClient;
class XenstoreTransport;

// A platform call in flight: what it will answer, and the id to give it up by.
template<typename T>
struct PlatformCall
{
    quint64 id = 0;
    QFuture<Result<T>> result;
};

class PlatformGateway : public QObject
{
    Q_OBJECT
public:
    explicit PlatformGateway(QObject *parent = nullptr);
    ~PlatformGateway() override;
    // Every caller still waiting hears ECANCELED now, while the objects its continuation runs on
    // still live (Qt 6.4 asserts on a continuation whose context object is gone).
    void answerWaitingCalls(const QString &why);

    // Connects through the transport (and again after every loss, with backoff). Once.
    void open(std::unique_ptr<XenstoreTransport> transport);
    void open(const QString &socketPath); // a xenstored on this host, at its unix socket
    ConnectionState state() const;
    QString uri() const; // empty until opened
    // The connection itself, for reads and watches (ClusterMirror).
    XenstoreClient *xenstore() const { return m_xenstore; }

    // actor: the domain a request is made by (the master for rt/clone; dom0 = 0 for an operator's kill).
    PlatformCall<TicketGrant> requestTicket(int masterDomid, int count, int vcpus, qint64 memoryMb,
                                            qint64 timeoutMs);
    PlatformCall<QList<int>> clone(int masterDomid, const QString &ticket);
    PlatformCall<int> killTicket(int actorDomid, const QString &ticket);
    PlatformCall<Done> killDomain(int actorDomid, int domid);
    PlatformCall<Done> join(int cloneDomid, bool report);
    PlatformCall<Done> release(int actorDomid, const QString &ticket);
    // Gives the call up (see above); nothing if it has finished.
    void cancel(quint64 id);
    int pendingCalls() const { return int(m_calls.size()); }

    QFuture<Result<PlatformInfo>> platform();
    QFuture<Result<DomainInfo>> domain(int domid);
    QFuture<Result<TicketDetails>> ticketDetails(const QString &ticket);

signals:
    void stateChanged(clonedeck::ConnectionState state, int retryInMs);

private:
    struct Call
    {
        quint64 id = 0;
        int domid = 0;
        Request request;
        QString replyPath;
        QTimer *deadline = nullptr;
        std::function<void(Result<Reply>)> answer; // empty once given up
    };

    template<typename T, typename Interpret>
    PlatformCall<T> call(int domid, const Request &request, Interpret interpret);
    quint64 send(int domid, const Request &request, std::function<void(Result<Reply>)> answer);
    void onNodesChanged(const QString &token, const QList<NodeChange> &changes);
    void finish(const QString &token, Result<Reply> result);
    void undo(const Call &call, const Reply &reply);

    XenstoreClient *m_xenstore;
    QHash<QString, Call> m_calls; // by reply watch token
    int m_sequence = 0;
    quint64 m_nextId = 1;
};

} // namespace clonedeck
