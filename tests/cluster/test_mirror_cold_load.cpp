// The console's cold load at scale, through the real xenstored of a real platform: 2,000 domain
// records written into its tree arrive in ClusterMirror and MembershipModel, each with every field
// of its record; and records rewritten while the listing is read (from another thread, on another
// connection) only ever move forward and end with their last value. The ticket listing is done
// long before the 2,000 domain reads: a ticket rewritten meanwhile reaches the mirror through the
// watch, and the listing's older value, read before that write, must not overwrite it at the end
// (it did: the ticket went back until its next change).
#include "ClusterMirror.h"
#include "MembershipModel.h"
#include "PlatformFixture.h"
#include "PlatformGateway.h"
#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <list>
#include <thread>

using namespace clonedeck;
using namespace clonedeck::test;

namespace {
constexpr int kMaster = 5000; // far above the domids the platform gives its own domains
constexpr int kDomains = 2000;
constexpr int kLoads = 4;

// The record of a domain of the loaded cluster, as its `pass`-th rewrite leaves it.
DomainInfo recordOf(int domid, int pass)
{
    DomainInfo d;
    d.domid = domid;
    d.vmid = domid - kMaster;
    d.name = QStringLiteral("load-%1").arg(d.vmid);
    d.cluster = QStringLiteral("load");
    d.role = d.vmid == 0 ? DomainRole::Master : DomainRole::Clone;
    d.master = kMaster;
    d.ticket = d.vmid == 0 ? QString() : QStringLiteral("t900");
    d.state = pass == 0 ? DomainState::Creating : DomainState::Running;
    d.ip = QStringLiteral("10.9.%1.%2").arg(d.vmid / 250).arg(d.vmid % 250 + 1);
    d.port = 22;
    d.sshHost = d.ip;
    d.sshPort = 22;
    d.backend = QStringLiteral("sandbox");
    d.vcpus = 1;
    d.memoryMb = 64 + pass; // what each rewrite changes
    d.host = QStringLiteral("host1");
    d.createdMs = 1'700'000'000'000 + domid;
    return d;
}

// The loaded cluster's ticket after its `sequence`-th rewrite (which its memory field counts).
TicketInfo ticketOf(qint64 sequence)
{
    TicketInfo t;
    t.id = QStringLiteral("t900");
    t.owner = kMaster;
    t.cluster = QStringLiteral("load");
    t.state = TicketState::Granted;
    t.requested = kDomains;
    t.granted = kDomains;
    t.vcpus = 1;
    t.memoryMb = sequence;
    t.createdMs = 1'700'000'000'000;
    t.used = kDomains - 1;
    t.live = kDomains - 1;
    return t;
}

// Every domain record as the pass leaves it, the ticket rewritten after every tenth of them.
bool writeAll(XenstoreConnection &xs, int pass, std::atomic<int> *written = nullptr,
              std::atomic<qint64> *ticketSequence = nullptr)
{
    for (int domid = kMaster; domid < kMaster + kDomains; ++domid) {
        if (!xs.write(protocol::domainPath(domid), recordOf(domid, pass).toRecord().serialize()))
            return false;
        if (written)
            ++*written;
        if (ticketSequence && domid % 10 == 0 &&
            !xs.write(protocol::ticketPath(QStringLiteral("t900")),
                      ticketOf(++*ticketSequence).toRecord().serialize()))
            return false;
    }
    return true;
}

QList<DomainInfo> domainRows(const MembershipModel &model, const QModelIndex &parent = {})
{
    QList<DomainInfo> rows;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (const auto domain = model.domain(index))
            rows.append(*domain);
        rows += domainRows(model, index);
    }
    return rows;
}
} // namespace

// The console's data path: its one connection, the mirror, the membership model fed by it.
struct Console
{
    Console()
    {
        QObject::connect(&mirror, &ClusterMirror::domainAdded, &model, &MembershipModel::addDomain);
        QObject::connect(&mirror, &ClusterMirror::domainChanged, &model, &MembershipModel::changeDomain);
        QObject::connect(&mirror, &ClusterMirror::domainRemoved, &model, &MembershipModel::removeDomain);
    }
    PlatformGateway gateway;
    ClusterMirror mirror{&gateway};
    MembershipModel model;
};

class TestMirrorColdLoad : public QObject
{
    Q_OBJECT
private slots:
    void everyRecordArrivesAndNoWriteIsLost();
};

void TestMirrorColdLoad::everyRecordArrivesAndNoWriteIsLost()
{
    PlatformFixture platform;
    const QString error = platform.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto setup = XenstoreConnection::open(platform.socketPath());
    QVERIFY(setup.ok());
    QVERIFY(writeAll(**setup, 0));
    QVERIFY(
        (*setup)->write(protocol::ticketPath(QStringLiteral("t900")), ticketOf(0).toRecord().serialize()));
    auto writerConnection = XenstoreConnection::open(platform.socketPath());
    QVERIFY(writerConnection.ok());

    // Whole passes over every record until the last console has loaded (the pass under way then is
    // finished, so every record ends with the same last value).
    std::atomic<bool> stop = false;
    std::atomic<int> written = 0;
    std::atomic<int> lastPass = 0;
    std::atomic<qint64> ticketSequence = 0;
    std::atomic<bool> failed = false;
    std::thread writer([&, xs = writerConnection->get()] {
        for (int pass = 1; !stop; ++pass) {
            if (!writeAll(*xs, pass, &written, &ticketSequence)) {
                failed = true;
                return;
            }
            lastPass = pass;
        }
    });
    // Several consoles load one after the other while the records change: the window in which the
    // ticket can be lost is the few round trips of the domain listing's directory parts.
    std::list<Console> consoles;
    int wentBack = 0;
    int malformed = 0;
    int writtenWhileLoading = 0;
    bool allLoaded = true;
    for (int load = 0; load < kLoads && allLoaded; ++load) {
        Console &console = consoles.emplace_back();
        // Every change a record goes through must move it forward: a record seen with a newer
        // value and then an older one lost a write, whatever it ends with.
        connect(&console.mirror, &ClusterMirror::domainChanged, this,
                [&](const DomainInfo &before, const DomainInfo &after) {
                    wentBack += after.memoryMb < before.memoryMb;
                });
        connect(&console.mirror, &ClusterMirror::ticketChanged, this,
                [&](const TicketInfo &before, const TicketInfo &after) {
                    wentBack += after.memoryMb < before.memoryMb;
                });
        connect(&console.mirror, &ClusterMirror::malformedRecord, this, [&] { ++malformed; });
        QSignalSpy loaded(&console.mirror, &ClusterMirror::loaded);
        const int writtenBefore = written;
        console.gateway.open(platform.socketPath());
        console.mirror.start();
        allLoaded = loaded.wait(120000);
        writtenWhileLoading += written - writtenBefore;
    }
    stop = true;
    writer.join();
    QVERIFY(allLoaded);
    QVERIFY(!failed);
    QVERIFY2(writtenWhileLoading > 0, "no rewrite landed while a listing was read");
    const int finalPass = lastPass;
    ClusterMirror &mirror = consoles.back().mirror;
    MembershipModel &model = consoles.back().model;

    // Once the watch has delivered the last pass, every record and every row is its last value.
    auto isCurrent = [&] {
        const auto &domains = mirror.domains();
        for (int domid = kMaster; domid < kMaster + kDomains; ++domid) {
            if (domains.value(domid) != recordOf(domid, finalPass))
                return false;
        }
        return mirror.tickets().value(QStringLiteral("t900")) == ticketOf(ticketSequence);
    };
    QTRY_VERIFY_WITH_TIMEOUT(isCurrent(), 60000);
    QList<DomainInfo> rows;
    for (const DomainInfo &row : domainRows(model)) {
        if (row.cluster == QStringLiteral("load"))
            rows.append(row);
    }
    QCOMPARE(rows.size(), kDomains);
    for (const DomainInfo &row : std::as_const(rows))
        QCOMPARE(row, recordOf(row.domid, finalPass));
    // The master's row holds its clones.
    const QModelIndex master = model.indexOfDomain(kMaster);
    QVERIFY(master.isValid());
    QCOMPARE(model.rowCount(master), kDomains - 1);
    QCOMPARE(malformed, 0);
    QCOMPARE(wentBack, 0);
    // The names every record repeats are held once, however many domains repeat them.
    const DomainInfo first = mirror.domains().value(kMaster);
    for (int domid = kMaster + 1; domid < kMaster + kDomains; ++domid) {
        const DomainInfo &domain = *mirror.domains().constFind(domid);
        QCOMPARE(domain.cluster.constData(), first.cluster.constData());
        QCOMPARE(domain.backend.constData(), first.backend.constData());
        QCOMPARE(domain.host.constData(), first.host.constData());
    }
    qInfo("%d records rewritten while %d consoles loaded; last pass %d", writtenWhileLoading, kLoads,
          finalPass);
}

QTEST_GUILESS_MAIN(TestMirrorColdLoad)
#include "test_mirror_cold_load.moc"
