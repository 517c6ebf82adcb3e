// Issue 11, finding 3: clonedeckd takes only a run directory private to its user (a real
// directory it owns, mode 0700) and follows no symlink planted where its own files go, so
// that a directory someone else prepared (with XDG_RUNTIME_DIR unset the default is a name
// in /tmp) can neither hand it keys nor make it write through links.
#include "TestEnvironment.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace clonedeck::test;

namespace {

const QByteArray kPrecious = "precious\n";

QStringList daemonArguments(const QString &runDir)
{
    return {QStringLiteral("--run-dir"),           runDir,
            QStringLiteral("--address-base"),      loopbackPrefix() + QStringLiteral("0.0"),
            QStringLiteral("--fallback-ssh-port"), QString::number(20000 + ::getpid() % 20000)};
}

bool makeDirectory(const QString &path, mode_t mode)
{
    return ::mkdir(QFile::encodeName(path).constData(), mode) == 0 &&
           ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

bool plantLink(const QString &at, const QString &target)
{
    return QFile::link(target, at);
}

} // namespace

class TestRunDirectory : public QObject
{
    Q_OBJECT
private slots:
    void refusesWhatIsNotPrivate_data();
    void refusesWhatIsNotPrivate();
    void createsAMissingDirectoryPrivate();
};

void TestRunDirectory::refusesWhatIsNotPrivate_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("reason");
    QTest::newRow("owned by another user") << "foreign"
                                           << "belongs to uid 65534";
    QTest::newRow("open to group and others") << "0755"
                                              << "has mode 0755";
    QTest::newRow("a symlink to a private directory") << "linked"
                                                      << "symbolic link";
    QTest::newRow("a symlink where the stub's file goes") << "stub"
                                                          << "xsd_port";
    QTest::newRow("a symlink where the client key goes") << "key"
                                                         << "id_ed25519";
    QTest::newRow("a symlink where the lock goes") << "lock"
                                                   << "clonedeckd.lock";
}

void TestRunDirectory::refusesWhatIsNotPrivate()
{
    QFETCH(QString, setup);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString run = dir.path() + QStringLiteral("/run");
    const QString victim = dir.path() + QStringLiteral("/victim");
    QFile file(victim);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(kPrecious) == kPrecious.size());
    file.close();

    if (setup == QLatin1String("linked")) {
        QVERIFY(makeDirectory(dir.path() + QStringLiteral("/elsewhere"), 0700));
        QVERIFY(plantLink(run, dir.path() + QStringLiteral("/elsewhere")));
    } else {
        QVERIFY(makeDirectory(run, setup == QLatin1String("0755") ? 0755 : 0700));
    }
    if (setup == QLatin1String("foreign"))
        QCOMPARE(::chown(QFile::encodeName(run).constData(), 65534, 65534), 0);
    if (setup == QLatin1String("stub")) {
        QVERIFY(makeDirectory(run + QStringLiteral("/xenstore"), 0700));
        QVERIFY(makeDirectory(run + QStringLiteral("/xenstore/stub"), 0700));
        QVERIFY(plantLink(run + QStringLiteral("/xenstore/stub/xsd_port"), victim));
    }
    if (setup == QLatin1String("key")) {
        QVERIFY(makeDirectory(run + QStringLiteral("/client"), 0700));
        QVERIFY(plantLink(run + QStringLiteral("/client/id_ed25519"), victim));
    }
    if (setup == QLatin1String("lock"))
        QVERIFY(plantLink(run + QStringLiteral("/clonedeckd.lock"), victim));

    QProcess daemon;
    daemon.start(binDir() + QStringLiteral("/clonedeckd"), daemonArguments(run));
    const bool ended = daemon.waitForFinished(20000); // refusing takes milliseconds; serving never ends
    if (!ended) {
        daemon.kill();
        daemon.waitForFinished(5000);
    }
    const QByteArray err = daemon.readAllStandardError();
    QVERIFY2(ended, "clonedeckd accepted the run directory and served");
    QVERIFY(daemon.exitCode() != 0);
    QVERIFY2(err.contains(reason.toUtf8()), err.constData());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), kPrecious); // nothing written through the link
}

void TestRunDirectory::createsAMissingDirectoryPrivate()
{
    QTemporaryDir dir;
    const QString run = dir.path() + QStringLiteral("/new/run");
    QProcess daemon;
    daemon.start(binDir() + QStringLiteral("/clonedeckd"), daemonArguments(run));
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += daemon.readAllStandardOutput()).contains("XENSTORED_PATH="), 20000);
    for (const auto &[path, mode] : {std::pair{run, 0700}, std::pair{run + QStringLiteral("/client"), 0700},
                                     std::pair{run + QStringLiteral("/client/id_ed25519"), 0600},
                                     std::pair{run + QStringLiteral("/xenstore"), 0700}}) {
        struct stat st
        {
        };
        QCOMPARE(::lstat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 07777), mode);
        QCOMPARE(st.st_uid, ::geteuid());
    }
    daemon.terminate();
    QVERIFY(daemon.waitForFinished(15000));
}

QTEST_GUILESS_MAIN(TestRunDirectory)
#include "test_run_directory.moc"
