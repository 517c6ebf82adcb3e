#pragma once

// The console's use cases on the platform, out of the widgets: request a ticket, spawn
// clones (ticket -> clone), destroy clones, kill a ticket. The long ones are pending
// operations with a label and how long they may take (a ticket request may wait its
// whole timeout for capacity); cancelling one ends it at once and never leaves resources
// held: the platform call is given up through the gateway, which releases a ticket
// granted after all and destroys clones that arrive after all. A widget collects the
// input, calls one method and shows message() and pending().
// Each acts on one platform: `host` names the connection (PlatformConnections); empty: the primary.
#include "Error.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>

namespace clonedeck {

class CloneSpawn;
class PlatformConnection;
class PlatformConnections;

class Operations : public QObject
{
    Q_OBJECT
public:
    struct TicketRequest
    {
        int count = 1;
        int vcpus = 1;
        qint64 memoryMb = 256;
        qint64 timeoutMs = 60000;
    };
    struct Pending
    {
        int id = 0;
        QString label;
        qint64 expectedMs = 0; // the longest it may take; 0: unknown
        QElapsedTimer since;
    };

    explicit Operations(PlatformConnections *platforms, QObject *parent = nullptr);

    // The master a request goes to when the operator chose none: the first the host's mirror knows;
    // -1: none.
    int defaultMaster(const QString &host = {}) const;
    // Each returns the pending operation's id (0: refused at once, message() says why).
    int requestTicket(int master, const TicketRequest &request, const QString &host = {});
    int spawn(int master, const TicketRequest &request, const QString &host = {});
    // As dom0, the operator: clones only (masters are not destroyed).
    void destroy(const QList<int> &domids, const QString &host = {});
    void killTicket(const QString &ticket, const QString &host = {});
    // Ends a pending operation now; what it still produces is undone (see above).
    void cancel(int id);
    const QList<Pending> &pending() const { return m_pending; }

signals:
    void pendingChanged();
    // What happened, in words for the operator (status bar; the event log gets it too).
    void message(const QString &text, bool error);

private:
    int begin(const QString &label, qint64 expectedMs, CloneSpawn *spawn);
    bool end(int id); // false if it had ended (cancelled) already
    void report(const QString &text, bool error);
    // The host's connection, if it is there to act on; else reports why not and returns nullptr.
    PlatformConnection *platform(const QString &host);
    PlatformConnection *refuse(const QString &why); // reports it; nullptr

    PlatformConnections *m_platforms;
    QList<Pending> m_pending; // oldest first
    QHash<int, CloneSpawn *> m_spawns;
    QHash<int, QString> m_cancelledText; // what cancelling each says
    int m_nextId = 1;
};

} // namespace clonedeck
