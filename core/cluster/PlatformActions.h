#pragma once

// The platform's actions for the console: each runs a PlatformClient call on a
// worker thread with its own xenstore connection and answers through a QFuture
// (continue it with .then(context, ...) to land on the GUI thread). Nothing here
// ever blocks the caller.
#include "Error.h"
#include "PlatformClient.h"

#include <QFuture>
#include <QObject>
#include <QThreadPool>

namespace clonedeck {

class PlatformActions : public QObject
{
    Q_OBJECT
public:
    explicit PlatformActions(QString socketPath, QObject *parent = nullptr);
    ~PlatformActions() override;

    void setSocketPath(const QString &socketPath) { m_socketPath = socketPath; }
    QString socketPath() const { return m_socketPath; }

    // masterDomid: the master the request is made on behalf of (dom0 acting for it).
    QFuture<Result<TicketGrant>> requestTicket(int masterDomid, int count, int vcpus, qint64 memoryMb,
                                               qint64 timeoutMs);
    QFuture<Result<QList<int>>> clone(int masterDomid, const QString &ticket);
    // Ticket + clone in one: the "Spawn clones…" shortcut. Releases the ticket if cloning fails.
    QFuture<Result<QList<int>>> spawn(int masterDomid, int count, int vcpus, qint64 memoryMb,
                                      qint64 timeoutMs);
    QFuture<Result<int>> killTicket(int actorDomid, const QString &ticket);
    QFuture<Status> killDomain(int actorDomid, int domid);
    QFuture<Status> join(int cloneDomid, bool report);
    QFuture<Status> release(int actorDomid, const QString &ticket);
    // The SSH key the platform installed in its masters (and so its clones): the default identity.
    QFuture<Result<QString>> clientKeyPath();

private:
    template<typename T, typename Call>
    QFuture<Result<T>> run(int domid, Call call);

    QString m_socketPath;
    QThreadPool m_pool; // a few threads: a long rt never holds up a kill
};

} // namespace clonedeck
