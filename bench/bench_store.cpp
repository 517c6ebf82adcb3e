// The control plane's store, the journal of earlier versions against SQLite
// (issue 16), in the same run: a clone of 100 and of 1,000 sandbox clones
// (request to reply: both of the request's decisions committed, the VMs made)
// and 300 rt/release pairs (600 decisions, each committed durably). Each round
// starts a fresh platform per store, the stores taking turns, so drift in the
// machine's load hits both; figures are medians of the rounds.
#include "BenchSupport.h"
#include "PlatformClient.h"
#include "PlatformFixture.h"
#include "XenstoreConnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>

using namespace clonedeck;
using namespace clonedeck::bench;
using namespace clonedeck::test;

namespace {

constexpr int kRounds = 4;
const QStringList kStores{QStringLiteral("journal"), QStringLiteral("sqlite")};

// Milliseconds of `work`, or a negative number if it failed.
double timed(const std::function<bool()> &work)
{
    QElapsedTimer timer;
    timer.start();
    return work() ? timer.nsecsElapsed() / 1e6 : -1;
}

// One round on a fresh platform with this store: name -> milliseconds.
QMap<QString, double> round(const QString &store)
{
    QMap<QString, double> results;
    PlatformFixture platform;
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:1100:1100000");
    options.extraArgs = QStringList{QStringLiteral("--store"), store};
    if (const QString error = platform.start(options); !error.isEmpty()) {
        qCritical("%s", qPrintable(error));
        return results;
    }
    auto connection = XenstoreConnection::open(platform.socketPath());
    if (!connection)
        return results;
    PlatformClient master(**connection, 1);
    results.insert(QStringLiteral("rt_release_300"), timed([&] {
                       for (int i = 0; i < 300; ++i) {
                           const auto grant = master.requestTicket(1, 1, 16, 0);
                           if (!grant || !master.release(grant->ticket))
                               return false;
                       }
                       return true;
                   }));
    for (int count : {100, 1000}) {
        const auto grant = master.requestTicket(count, 1, 16, 0);
        if (!grant)
            return results;
        results.insert(QStringLiteral("clone_%1").arg(count), timed([&] {
                           const auto domids = master.clone(grant->ticket);
                           return domids && domids->size() == count;
                       }));
        master.killTicket(grant->ticket);
    }
    return results;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QMap<QString, QMap<QString, QList<double>>> samples; // store -> figure -> rounds
    for (int i = 0; i < kRounds; ++i) {
        // Each store goes first in turn: what the first platform of a round pays, both pay.
        const QStringList order = i % 2 == 0 ? kStores : QStringList{kStores[1], kStores[0]};
        for (const QString &store : order) {
            const auto results = round(store);
            for (auto it = results.begin(); it != results.end(); ++it) {
                if (it.value() < 0) {
                    qCritical("%s: %s failed", qPrintable(store), qPrintable(it.key()));
                    return 1;
                }
                samples[store][it.key()].append(it.value());
            }
        }
    }
    for (const QString &name :
         {QStringLiteral("clone_100"), QStringLiteral("clone_1000"), QStringLiteral("rt_release_300")}) {
        const double journal = percentile(samples[QStringLiteral("journal")][name], 50);
        const double sqlite = percentile(samples[QStringLiteral("sqlite")][name], 50);
        figure(QStringLiteral("store_journal_%1").arg(name), journal, QStringLiteral("ms"));
        figure(QStringLiteral("store_sqlite_%1").arg(name), sqlite, QStringLiteral("ms"));
        figure(QStringLiteral("store_sqlite_vs_journal_%1").arg(name), sqlite / journal, QStringLiteral("x"));
    }
    return 0;
}
