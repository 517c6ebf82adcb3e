// Output flow control of agent sessions against stock OpenSSH sshd: the session reads its
// channel only while less than its window of output is unacknowledged, so a consumer that
// acknowledges late (ByConsumer) or a consumer thread that is busy (OnDelivery) holds the
// agent back through SSH's window; every byte still arrives, in order.
#include "AgentSessionManager.h"
#include "SessionRecorder.h"
#include "SshTestBed.h"

#include <QDeadlineTimer>
#include <QtTest>

#include <atomic>

using namespace clonedeck;
using namespace clonedeck::test;

namespace {
constexpr qint64 kWindow = 64 * 1024;
constexpr int kLast = 300000; // `seq 1 300000`: 2 MB, 30 windows

QByteArray seqOutput(int last)
{
    QByteArray text;
    for (int i = 1; i <= last; ++i)
        text += QByteArray::number(i) + '\n';
    return text;
}
} // namespace

class TestSshOutputFlow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void consumerAcknowledgementPacesOutput();
    void busyConsumerThreadPausesReading();

private:
    AgentLaunchOptions seqOptions() const;

    SshTestBed m_bed;
};

void TestSshOutputFlow::initTestCase()
{
    const QString error = m_bed.setUp();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

AgentLaunchOptions TestSshOutputFlow::seqOptions() const
{
    AgentLaunchOptions options = m_bed.options(QStringLiteral("seq 1 %1").arg(kLast));
    options.outputWindowBytes = kWindow;
    return options;
}

void TestSshOutputFlow::consumerAcknowledgementPacesOutput()
{
    auto sshd = m_bed.server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    manager.setOutputAcknowledgement(OutputAcknowledgement::ByConsumer);
    SessionRecorder recorder(&manager);
    Result<AgentSessionId> id = manager.launch(m_bed.target(*sshd), seqOptions());
    QVERIFY(id.ok());
    RecordedSession &session = recorder[*id];
    qint64 acknowledged = 0;
    qint64 mostUnacknowledged = 0;
    // After the recorder's own slot: its bytes include this chunk.
    connect(&manager, &AgentSessionManager::stdoutData, this, [&] {
        mostUnacknowledged = std::max(mostUnacknowledged, session.stdoutBytes.size() - acknowledged);
    });
    const auto paused = [&] { return manager.info(*id) && manager.info(*id)->outputPaused; };
    int pauses = 0;
    // The consumer takes output only once the session has stopped for it.
    while (!session.finished()) {
        QTRY_VERIFY_WITH_TIMEOUT(
            session.finished() || (paused() && session.stdoutBytes.size() > acknowledged), 20000);
        pauses += session.finished() ? 0 : 1;
        manager.acknowledgeOutput(*id, session.stdoutBytes.size() - acknowledged);
        acknowledged = session.stdoutBytes.size();
    }
    QVERIFY2(session.exit && session.exit->exitCode == 0,
             qPrintable(session.error ? session.error->toString() : QString()));
    QVERIFY2(mostUnacknowledged <= kWindow, qPrintable(QString::number(mostUnacknowledged)));
    QVERIFY2(pauses >= 10, qPrintable(QString::number(pauses)));
    QVERIFY(session.stdoutBytes == seqOutput(kLast));
}

void TestSshOutputFlow::busyConsumerThreadPausesReading()
{
    auto sshd = m_bed.server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy()); // acknowledges on delivery to this thread
    SessionRecorder recorder(&manager);
    std::atomic<qint64> emitted{0};
    connect(
        &manager, &AgentSessionManager::stdoutData, this,
        [&](AgentSessionId, const QByteArray &data) { emitted += data.size(); }, Qt::DirectConnection);
    Result<AgentSessionId> id = manager.launch(m_bed.target(*sshd), seqOptions());
    QVERIFY(id.ok());
    RecordedSession &session = recorder[*id];
    // On the first chunk this thread becomes busy (a slot that takes long): it delivers
    // nothing and so acknowledges nothing until the session has stopped reading.
    bool busyDone = false;
    bool pausedWhileBusy = false;
    qint64 deliveredBefore = 0;
    qint64 emittedWhileBusy = 0;
    connect(&manager, &AgentSessionManager::stdoutData, this, [&] {
        if (busyDone)
            return;
        busyDone = true;
        deliveredBefore = session.stdoutBytes.size();
        QDeadlineTimer deadline(20000);
        while (!(pausedWhileBusy = manager.info(*id)->outputPaused) && !deadline.hasExpired())
            QThread::usleep(200); // polling the session's state, deadline above; no events here
        emittedWhileBusy = emitted;
    });
    QTRY_VERIFY_WITH_TIMEOUT(session.finished(), 30000);
    QVERIFY(busyDone);
    QVERIFY(pausedWhileBusy);
    // Acknowledged were at most the chunks delivered before: beyond them, one window.
    QVERIFY2(emittedWhileBusy <= deliveredBefore + kWindow,
             qPrintable(QStringLiteral("%1 > %2 + window").arg(emittedWhileBusy).arg(deliveredBefore)));
    QVERIFY2(session.exit && session.exit->exitCode == 0,
             qPrintable(session.error ? session.error->toString() : QString()));
    QVERIFY(session.stdoutBytes == seqOutput(kLast));
}

QTEST_GUILESS_MAIN(TestSshOutputFlow)
#include "tst_sshoutputflow.moc"
