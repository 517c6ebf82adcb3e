// `clonectl policy run` headless and `policy show` of stored policies.
#include "PlatformFixture.h"
#include "PolicyStore.h"
#include "TestEnvironment.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace clonedeck;
using namespace clonedeck::test;

class TestClonectlPolicy : public QObject
{
    Q_OBJECT
private slots:
    void runHeadlessDryRun();
    void storedPoliciesSurviveAndShow();
};

void TestClonectlPolicy::runHeadlessDryRun()
{
    PlatformFixture platform;
    const QString error = platform.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTemporaryDir dir;
    PolicyConfig config;
    config.manualDemand = 2;
    config.inDemandDelayMs = 0;
    QFile file(dir.path() + QStringLiteral("/policy.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(config.toJson()).toJson());
    file.close();

    QProcess run;
    run.setProcessEnvironment(platform.environment());
    run.start(binDir() + QStringLiteral("/clonectl"),
              {QStringLiteral("policy"), QStringLiteral("run"), QStringLiteral("--cluster"),
               QStringLiteral("default"), QStringLiteral("--config"), file.fileName(),
               QStringLiteral("--dry-run")});
    QVERIFY(run.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += run.readAllStandardOutput()).contains("scale-up 2"), 15000);
    QVERIFY2(out.contains("[not carried out]"), out.constData());
    run.terminate();
    QVERIFY(run.waitForFinished(15000));
    QCOMPARE(run.exitCode(), 128 + SIGTERM);
    QCOMPARE(platform.clonectl({QStringLiteral("domains")}).out.count('\n'), 1); // dry run: nothing made
}

void TestClonectlPolicy::storedPoliciesSurviveAndShow()
{
    QTemporaryDir dir;
    const QString storePath = dir.path() + QStringLiteral("/policies.ini");
    PolicyConfig config;
    config.cluster = QStringLiteral("farm");
    config.maxClones = 7;
    QVERIFY(PolicyStore(storePath).save(config).ok());
    const auto loaded =
        PolicyStore(storePath).load(QStringLiteral("farm")); // a new store: as after a restart
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->maxClones, 7);
    QProcess show;
    show.start(binDir() + QStringLiteral("/clonectl"),
               {QStringLiteral("policy"), QStringLiteral("show"), QStringLiteral("--store"), storePath});
    QVERIFY(show.waitForFinished(10000));
    QCOMPARE(show.exitCode(), 0);
    QVERIFY(show.readAllStandardOutput().contains("\"maxClones\":7"));
}

QTEST_GUILESS_MAIN(TestClonectlPolicy)
#include "test_clonectl_policy.moc"
