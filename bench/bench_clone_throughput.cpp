// Clone throughput: one ticket of N clones (1, 10, 100) until every clone
// answers SSH (its server sends the SSH banner), on a real clonedeckd. Also the
// time to grant a ticket. Peer: the same platform's single clone, so the ratio
// shows how cost grows with N.
#include "BenchPlatform.h"
#include "BenchSupport.h"
#include "PlatformClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>

using namespace clonedeck;
using namespace clonedeck::bench;
using namespace clonedeck::test;

namespace {
// True once the server at address:port has sent its "SSH-2.0-" banner.
bool answersSsh(const QString &address, quint16 port, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(address, port);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    QByteArray banner;
    while (!banner.contains('\n') && socket.waitForReadyRead(timeoutMs))
        banner += socket.readAll();
    return banner.startsWith("SSH-2.0-");
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    BenchPlatform platform;
    if (const QString error = platform.start(256, QStringLiteral("host1:256:1048576")); !error.isEmpty()) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    PlatformClient &master = platform.master();

    QElapsedTimer grantTimer;
    double grantTotal = 0;
    const int grants = 50;
    for (int i = 0; i < grants; ++i) {
        grantTimer.start();
        const auto grant = master.requestTicket(1, 1, 64, 0);
        grantTotal += grantTimer.nsecsElapsed() / 1e6;
        if (grant)
            master.release(grant->ticket);
    }
    figure(QStringLiteral("ticket_grant_mean"), grantTotal / grants, QStringLiteral("ms"));

    double single = 0;
    for (int count : {1, 10, 100}) {
        QElapsedTimer timer;
        timer.start();
        const auto grant = master.requestTicket(count, 1, 64, 0);
        const auto domids = grant ? master.clone(grant->ticket) : Result<QList<int>>(grant.error());
        if (!domids) {
            qCritical("clone of %d failed: %s", count, qPrintable(domids.error().toString()));
            return 1;
        }
        const double cloned = timer.nsecsElapsed() / 1e6;
        const auto details = master.ticketDetails(grant->ticket);
        int answering = 0;
        for (const DomainInfo &clone : details->clones)
            answering += answersSsh(clone.sshHost, quint16(clone.sshPort), 10000) ? 1 : 0;
        const double total = timer.nsecsElapsed() / 1e6;
        if (answering != count)
            qWarning("only %d of %d clones answered SSH", answering, count);
        figure(QStringLiteral("clone_%1_reply").arg(count), cloned, QStringLiteral("ms"));
        figure(QStringLiteral("clone_%1_all_answer_ssh").arg(count), total, QStringLiteral("ms"));
        if (count == 1)
            single = total;
        else
            figure(QStringLiteral("clone_%1_vs_clone_1").arg(count), total / single, QStringLiteral("x"));
        master.killTicket(grant->ticket);
    }
    return 0;
}
