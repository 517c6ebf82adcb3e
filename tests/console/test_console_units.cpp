// The console's widget-free pieces of issue 15: the palette's matcher and its recent
// choices, a terminal's argv and known_hosts line, what the run directory's lock tells a
// console, and the advice a failure dialog gives for clonedeckd's own reasons.
#include "EmbeddedPlatformProcess.h"
#include "FuzzyMatcher.h"
#include "PaletteIndex.h"
#include "RunDirectoryLock.h"
#include "TerminalCommand.h"

#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace clonedeck;

class TestConsoleUnits : public QObject
{
    Q_OBJECT
private slots:
    void fuzzyMatching_data();
    void fuzzyMatching();
    void paletteRanksAndRemembers();
    void terminalArgvChecksTheHostKey();
    void terminalRefusesWhatSshWouldMisread();
    void runDirectoryLockNamesItsHolder();
    void adviceForClonedeckdsReasons();
};

void TestConsoleUnits::fuzzyMatching_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("better");
    QTest::addColumn<QString>("worse"); // empty: `better` must match and nothing is compared
    QTest::newRow("a name's end beats a longer name") << "clone-12"
                                                      << "web-clone-12"
                                                      << "web-clone-120";
    QTest::newRow("contiguous beats scattered") << "spawn"
                                                << "Spawn clones"
                                                << "Stop agents, warn";
    QTest::newRow("word starts beat middles") << "kt"
                                              << "Kill ticket"
                                              << "Keep it";
    QTest::newRow("case does not matter") << "DESTROY"
                                          << "Destroy selected"
                                          << "";
    QTest::newRow("letters in order, with gaps") << "kst"
                                                 << "Kill selected ticket"
                                                 << "";
}

void TestConsoleUnits::fuzzyMatching()
{
    QFETCH(QString, pattern);
    QFETCH(QString, better);
    QFETCH(QString, worse);
    const auto good = FuzzyMatcher::score(pattern, better);
    QVERIFY(good);
    if (!worse.isEmpty()) {
        const auto bad = FuzzyMatcher::score(pattern, worse);
        QVERIFY2(!bad || *good > *bad,
                 qPrintable(QStringLiteral("%1 vs %2").arg(*good).arg(bad.value_or(-1))));
    }
    QVERIFY(!FuzzyMatcher::score(QStringLiteral("zz"), better)); // letters absent: no match
    QVERIFY(!FuzzyMatcher::score(QStringLiteral("21-enolc"), QStringLiteral("web-clone-12"))); // out of order
}

void TestConsoleUnits::paletteRanksAndRemembers()
{
    PaletteIndex index;
    QList<PaletteEntry> entries;
    for (int domid = 1; domid <= 130; ++domid)
        entries.append({PaletteEntry::Kind::Domain,
                        QStringLiteral("domain:%1").arg(domid),
                        QStringLiteral("web-clone-%1").arg(domid),
                        {}});
    entries.append({PaletteEntry::Kind::Action,
                    QStringLiteral("action:Spawn clones"),
                    QStringLiteral("Spawn clones"),
                    {}});
    entries.append({PaletteEntry::Kind::Ticket, QStringLiteral("ticket:7"), QStringLiteral("7"), {}});
    index.setEntries(entries);

    // Filtering: what is typed narrows to what matches, the exact name first.
    QCOMPARE(index.match(QStringLiteral("clone-12"), 5).first().key, QStringLiteral("domain:12"));
    // 12 and 120..129 in one piece, then 102 and 112 (its letters, scattered).
    const QList<PaletteEntry> matches = index.match(QStringLiteral("clone-12"), 100);
    QCOMPARE(matches.size(), 13);
    QVERIFY(matches.at(10).key.startsWith(QLatin1String("domain:12")));
    QVERIFY(matches.at(11).key == QLatin1String("domain:102") ||
            matches.at(11).key == QLatin1String("domain:112"));
    QVERIFY(index.match(QStringLiteral("nothing like it"), 5).isEmpty());
    QCOMPARE(index.match(QStringLiteral("spawn"), 1).first().kind, PaletteEntry::Kind::Action);

    // Recent choices first: with nothing typed, in the order chosen; when typing, ahead of
    // an equal match but not ahead of the very name typed.
    QCOMPARE(index.match({}, 1).first().key, QStringLiteral("domain:1")); // nothing chosen yet: as given
    index.noteChosen(QStringLiteral("domain:125"));
    index.noteChosen(QStringLiteral("ticket:7"));
    QCOMPARE(index.match({}, 2).first().key, QStringLiteral("ticket:7"));
    QCOMPARE(index.match({}, 2).last().key, QStringLiteral("domain:125"));
    QCOMPARE(index.match(QStringLiteral("clone-12"), 2).at(0).key, QStringLiteral("domain:12"));
    QCOMPARE(index.match(QStringLiteral("clone-12"), 2).at(1).key, QStringLiteral("domain:125"));
    for (int i = 0; i < PaletteIndex::kRecentKept + 5; ++i)
        index.noteChosen(QStringLiteral("domain:%1").arg(i + 1));
    QCOMPARE(index.recent().size(), PaletteIndex::kRecentKept);
}

void TestConsoleUnits::terminalArgvChecksTheHostKey()
{
    AgentTarget target;
    target.address = QStringLiteral("127.77.3.4");
    target.port = 2222;
    target.user = QStringLiteral("op");
    const HostKey key{QStringLiteral("ssh-ed25519"), QByteArrayLiteral("AAAAC3NzaC1lZDI1NTE5AAAAIKey"), {}};
    QCOMPARE(TerminalCommandBuilder::knownHostsLine(target.address, target.port, key),
             QByteArray("[127.77.3.4]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey\n"));
    QCOMPARE(TerminalCommandBuilder::knownHostsLine(target.address, 22, key),
             QByteArray("127.77.3.4 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey\n"));

    const auto ssh =
        TerminalCommandBuilder::sshArguments(target, QStringLiteral("/run/key"), QStringLiteral("/st/kh"));
    QVERIFY(ssh);
    const QStringList argv = *ssh;
    QCOMPARE(argv.first(), QStringLiteral("ssh"));
    QCOMPARE(argv.last(), target.address); // after "--": never read as an option
    QCOMPARE(argv.at(argv.size() - 2), QStringLiteral("--"));
    for (const QString &option :
         {QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("UserKnownHostsFile=/st/kh"),
          QStringLiteral("GlobalKnownHostsFile=/dev/null"), QStringLiteral("IdentitiesOnly=yes")}) {
        const qsizetype at = argv.indexOf(option);
        QVERIFY2(at > 0 && argv.at(at - 1) == QLatin1String("-o"), qPrintable(option));
    }
    QCOMPARE(argv.at(argv.indexOf(QStringLiteral("-i")) + 1), QStringLiteral("/run/key"));
    QCOMPARE(argv.at(argv.indexOf(QStringLiteral("-p")) + 1), QStringLiteral("2222"));
    QCOMPARE(argv.at(argv.indexOf(QStringLiteral("-l")) + 1), QStringLiteral("op"));
    QVERIFY(!argv.join(QLatin1Char(' ')).contains(QLatin1String("StrictHostKeyChecking=no")));

    const TerminalCommand xterm = TerminalCommandBuilder::inTerminal(QStringLiteral("xterm"), argv);
    QCOMPARE(xterm.program, QStringLiteral("xterm"));
    QCOMPARE(xterm.arguments, QStringList{QStringLiteral("-e")} + argv);
    QCOMPARE(TerminalCommandBuilder::inTerminal({}, argv).program, QStringLiteral("x-terminal-emulator"));
}

void TestConsoleUnits::terminalRefusesWhatSshWouldMisread()
{
    AgentTarget target;
    target.address = QStringLiteral("-oProxyCommand=touch /tmp/x"); // a hostile record's "address"
    target.user = QStringLiteral("op");
    QCOMPARE(TerminalCommandBuilder::sshArguments(target, QStringLiteral("/k"), QStringLiteral("/kh"))
                 .error()
                 .code,
             EINVAL);
    target.address = QStringLiteral("127.77.0.9");
    QCOMPARE(TerminalCommandBuilder::sshArguments(target, QStringLiteral("/a key"), QStringLiteral("/kh"))
                 .error()
                 .code,
             EINVAL);
    QVERIFY(TerminalCommandBuilder::sshArguments(target, QStringLiteral("/k"), QStringLiteral("/kh")));
}

void TestConsoleUnits::runDirectoryLockNamesItsHolder()
{
    QTemporaryDir dir;
    QVERIFY(!RunDirectoryLock::inspect(dir.path())); // no lock file at all
    {
        RunDirectoryLock lock;
        QVERIFY(lock.acquire(dir.path()));
        auto holder = RunDirectoryLock::inspect(dir.path());
        QVERIFY(holder);
        QCOMPARE(holder->pid, qint64(::getpid()));
        QVERIFY(!holder->ready()); // starting: no socket yet
        lock.publishSocket(QStringLiteral("/run/x/socket"));
        holder = RunDirectoryLock::inspect(dir.path());
        QCOMPARE(holder->socketPath, QStringLiteral("/run/x/socket"));
        // A second holder is refused (another open file description), naming the first.
        RunDirectoryLock second;
        const Status refused = second.acquire(dir.path());
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, EBUSY);
        QVERIFY(refused.error().message.contains(QStringLiteral("pid %1").arg(::getpid())));
    }
    QVERIFY(!RunDirectoryLock::inspect(dir.path())); // released: the file stays, naming no one
}

void TestConsoleUnits::adviceForClonedeckdsReasons()
{
    QVERIFY(EmbeddedPlatformProcess::adviceFor(
                QStringLiteral("another clonedeckd (pid 4) serves this run directory"))
                .contains(QLatin1String("--run-dir")));
    QVERIFY(EmbeddedPlatformProcess::adviceFor(QStringLiteral("unusable run directory: /x has mode 0755"))
                .contains(QLatin1String("0700")));
    QVERIFY(EmbeddedPlatformProcess::adviceFor(QStringLiteral("anything else"))
                .contains(QLatin1String("event log")));
}

QTEST_GUILESS_MAIN(TestConsoleUnits)
#include "test_console_units.moc"
