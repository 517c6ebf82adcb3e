// The control plane's store, the journal of earlier versions against SQLite
// (issue 16), in the same run: a clone of 100 and of 1,000 sandbox clones
// (request to reply: both of the request's decisions committed, the VMs made)
// and 300 rt/release pairs (600 decisions, each committed durably). Each round
// starts a fresh platform per store, the stores taking turns (which goes first
// alternates), so drift in the machine's load hits both. The times are medians of
// the rounds; the ratio is the median of each round's own ratio, a pair measured
// back to back: on a shared machine the load moved the 4-round medians' ratio
// between 0.80x and 1.42x from run to run, more than the 10 % it judges. Each round runs
// in a process of its own (this program with --round STORE): libxenstore names
// one socket per process, and every round's platform has a socket of its own.
#include "BenchSupport.h"
#include "PlatformClient.h"
#include "PlatformFixture.h"
#include "XenstoreConnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QProcess>
#include <QTextStream>

using namespace clonedeck;
using namespace clonedeck::bench;
using namespace clonedeck::test;

namespace {

constexpr int kRounds = 7;
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

// A round in a child process of this program: its "name milliseconds" lines.
QMap<QString, double> roundInChild(const QString &store)
{
    QMap<QString, double> results;
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--round"), store});
    if (!child.waitForFinished(-1) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
        return results;
    const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.split(' ');
        bool ok = false;
        const double value = fields.size() == 2 ? fields[1].toDouble(&ok) : 0;
        if (ok)
            results.insert(QString::fromUtf8(fields[0]), value);
    }
    return results;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && QByteArray(argv[1]) == "--round") {
        const auto results = round(QString::fromUtf8(argv[2]));
        QTextStream out(stdout);
        for (auto it = results.begin(); it != results.end(); ++it)
            out << it.key() << ' ' << it.value() << '\n';
        return results.size() == 3 ? 0 : 1;
    }
    QMap<QString, QMap<QString, QList<double>>> samples; // store -> figure -> rounds
    QMap<QString, QList<double>> ratios;                 // figure -> sqlite / journal of each round
    for (int i = 0; i < kRounds; ++i) {
        // Each store goes first in turn: what the first platform of a round pays, both pay.
        const QStringList order = i % 2 == 0 ? kStores : QStringList{kStores[1], kStores[0]};
        for (const QString &store : order) {
            const auto results = roundInChild(store);
            if (results.size() != 3) {
                qCritical("%s: a round did not complete", qPrintable(store));
                return 1;
            }
            for (auto it = results.begin(); it != results.end(); ++it) {
                if (it.value() < 0) {
                    qCritical("%s: %s failed", qPrintable(store), qPrintable(it.key()));
                    return 1;
                }
                samples[store][it.key()].append(it.value());
            }
        }
        for (auto it = samples[kStores[1]].begin(); it != samples[kStores[1]].end(); ++it)
            ratios[it.key()].append(it.value().last() / samples[kStores[0]][it.key()].last());
    }
    for (const QString &name :
         {QStringLiteral("clone_100"), QStringLiteral("clone_1000"), QStringLiteral("rt_release_300")}) {
        const double journal = percentile(samples[QStringLiteral("journal")][name], 50);
        const double sqlite = percentile(samples[QStringLiteral("sqlite")][name], 50);
        figure(QStringLiteral("store_journal_%1").arg(name), journal, QStringLiteral("ms"));
        figure(QStringLiteral("store_sqlite_%1").arg(name), sqlite, QStringLiteral("ms"));
        figure(QStringLiteral("store_sqlite_vs_journal_%1").arg(name), percentile(ratios[name], 50),
               QStringLiteral("x"));
    }
    // The rounds' own ratios behind the median, in order: how far apart they are says how much the
    // median can be trusted (a `note` line, kept in docs/performance.md).
    QStringList rounds;
    for (double ratio : ratios[QStringLiteral("rt_release_300")])
        rounds.append(QString::number(ratio, 'f', 2));
    QTextStream(stdout) << "note store rt_release_300, SQLite/journal of each round: "
                        << rounds.join(QStringLiteral(", ")) << Qt::endl;
    return 0;
}
