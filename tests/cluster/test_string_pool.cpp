// StringPool: equal strings come back sharing one copy; strings no record holds any more are
// dropped once the pool grows, and the ones still held stay shared.
#include "StringPool.h"

#include <QTest>

using namespace clonedeck;

class TestStringPool : public QObject
{
    Q_OBJECT
private slots:
    void equalStringsShareOneCopy();
    void dropsWhatNothingHoldsAnyMore();
};

void TestStringPool::equalStringsShareOneCopy()
{
    StringPool pool;
    // Two separately built strings, as two parsed records give them.
    const QString a = pool.shared(QStringLiteral("farm-%1").arg(1));
    const QString b = pool.shared(QStringLiteral("farm-%1").arg(1));
    QCOMPARE(b, a);
    QCOMPARE(b.constData(), a.constData());
    QVERIFY(pool.shared(QString()).isNull());
    QCOMPARE(pool.size(), 1);
}

void TestStringPool::dropsWhatNothingHoldsAnyMore()
{
    StringPool pool;
    const QString kept = pool.shared(QStringLiteral("kept-%1").arg(0));
    for (int i = 0; i < 10000; ++i)
        pool.shared(QStringLiteral("gone-%1").arg(i)); // a cluster that ended: nothing holds its name
    QVERIFY2(pool.size() < 200, qPrintable(QString::number(pool.size())));
    QCOMPARE(pool.shared(QStringLiteral("kept-%1").arg(0)).constData(), kept.constData());
}

QTEST_GUILESS_MAIN(TestStringPool)
#include "test_string_pool.moc"
