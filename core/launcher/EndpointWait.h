#pragma once

// Waits, with a deadline, until domains have an SSH endpoint an agent can reach
// (hasSshEndpoint: a host-side address and port). A clone's record names its address as
// soon as the platform plans it and its port only once its VM runs, so a launch on a clone
// the console has just seen must wait for the port, not connect to port 0. Reports once,
// from the event loop, then deletes itself: the domains that are ready, and for each of the
// others why not (removed, failed, or the deadline passed).
#include "Error.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace clonedeck {

class ClusterMirror;
struct DomainInfo;

class EndpointWait : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const QList<int> &ready, const QList<std::pair<int, Error>> &failed)>;

    EndpointWait(const ClusterMirror *mirror, const QList<int> &domids, int timeoutMs, Done done,
                 QObject *parent = nullptr);

private:
    void check(const DomainInfo &domain);
    void giveUp(int domid, int code, const QString &why); // code: an errno value
    void finishIfDone();

    QSet<int> m_waiting;
    QList<int> m_ready;
    QList<std::pair<int, Error>> m_failed;
    Done m_done;
    QTimer m_deadline;
};

} // namespace clonedeck
