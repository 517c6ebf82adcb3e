// Agent sessions against stock OpenSSH sshd: commands, streams, stdin, bulk data, stop,
// retries, timeouts, auth failures, the duplicate guard, many sessions on one I/O thread.
#include "AgentSessionManager.h"
#include "HostKeyPinStore.h"
#include "InsecureHostKeyPolicy.h"
#include "LineBuffer.h"
#include "OpenSshServer.h"
#include "ProcessSockets.h"
#include "SessionRecorder.h"
#include "SshTestBed.h"
#include "TestEnvironment.h"
#include "TrustOnFirstUseHostKeyPolicy.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>
#include <QUuid>

#include <algorithm>
#include <memory>

#include <unistd.h>

using namespace clonedeck;
using namespace clonedeck::test;

class TestSshAgentSessions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runsCommandAndPropagatesExitCode();
    void streamsLinesIntoBoundedBuffers();
    void forwardsStdin();
    void carriesFiveMegabytesThroughCat();
    void stopMidStreamLeavesNoProcess_data();
    void stopMidStreamLeavesNoProcess();
    void retriesUntilSshdListens();
    void timesOutWhenSshdNeverListens();
    void timesOutWhenPeerNeverAnswers();
    void givesUpAfterConfiguredRetries();
    void reportsRefusedAuthentication();
    void reportsConnectionCutMidRun();
    void refusesDuplicateLaunch();
    void reportsIdleAgents();
    void probesReachability();
    void flagsInsecurePolicy();
    void runsTwentySessionsOnOneIoThread();
    void lineBufferKeepsABoundedTail();
    void finishedSessionsAreBoundedInNumber();
    void finishedSessionsAreBoundedInText();
    void endedSessionsCloseTheirSockets();

private:
    std::unique_ptr<OpenSshServer> server(bool start = true) { return m_bed.server(start); }
    AgentTarget target(const OpenSshServer &server, int domid = 1) const
    {
        return m_bed.target(server, domid);
    }
    AgentLaunchOptions options(const QString &command) const { return m_bed.options(command); }
    static bool processRunning(const QString &marker);
    static int threadCount();

    SshTestBed m_bed;
};

void TestSshAgentSessions::initTestCase()
{
    const QString error = m_bed.setUp();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

bool TestSshAgentSessions::processRunning(const QString &marker)
{
    QProcess pgrep;
    pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), marker});
    pgrep.waitForFinished(5000);
    return pgrep.exitCode() == 0;
}

int TestSshAgentSessions::threadCount()
{
    QFile status(QStringLiteral("/proc/self/status"));
    status.open(QIODevice::ReadOnly);
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("Threads:"))
            return line.mid(8).trimmed().toInt();
    }
    return -1;
}

void TestSshAgentSessions::runsCommandAndPropagatesExitCode()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    QElapsedTimer clock;
    clock.start();
    Result<AgentSessionId> id = manager.launch(target(*sshd), options(QStringLiteral("echo hello; exit 7")));
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].reached(AgentState::Running), 20000);
    const qint64 toRunning = clock.elapsed();
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 20000);
    QVERIFY2(recorder[*id].exit.has_value(),
             qPrintable(recorder[*id].error ? recorder[*id].error->toString() : ""));
    QCOMPARE(recorder[*id].exit->exitCode, 7);
    QVERIFY(recorder[*id].exit->statusKnown);
    QCOMPARE(recorder[*id].stdoutLines, QStringList{QStringLiteral("hello")});

    // Every lifecycle state, in order, each with a timestamp that does not go backwards.
    const std::optional<AgentSessionInfo> info = manager.info(*id);
    QVERIFY(info);
    QList<AgentState> order;
    for (const AgentStateChange &change : info->history) {
        if (order.isEmpty() || order.last() != change.state)
            order.append(change.state);
    }
    const QList<AgentState> expected{AgentState::Connecting,     AgentState::Handshaking,
                                     AgentState::Authenticating, AgentState::Starting,
                                     AgentState::Running,        AgentState::Exited};
    QCOMPARE(order, expected);
    for (int i = 1; i < info->history.size(); ++i)
        QVERIFY(info->history[i - 1].at <= info->history[i].at);
    QCOMPARE(info->state, AgentState::Exited);
    QCOMPARE(manager.liveSessionCount(), 0);
    qInfo("time to Running for one session: %lld ms", toRunning);
}

void TestSshAgentSessions::streamsLinesIntoBoundedBuffers()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    AgentLaunchOptions opts =
        options(QStringLiteral("printf 'one\\ntwo\\r\\nthree\\nfour\\nfive'; printf 'e1\\ne2\\n' >&2"));
    opts.outputLines = 3;
    Result<AgentSessionId> id = manager.launch(target(*sshd), opts);
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 20000);
    QVERIFY(recorder[*id].exit);
    QCOMPARE(recorder[*id].exit->exitCode, 0);
    // The unterminated "five" is flushed as a last line; "\r\n" is a line end too.
    const QStringList all{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three"),
                          QStringLiteral("four"), QStringLiteral("five")};
    QCOMPARE(recorder[*id].stdoutLines, all);
    QCOMPARE(recorder[*id].stderrLines, (QStringList{QStringLiteral("e1"), QStringLiteral("e2")}));
    QCOMPARE(recorder[*id].stdoutBytes, QByteArray("one\ntwo\r\nthree\nfour\nfive"));
    QCOMPARE(manager.recentLines(*id, AgentStream::Stdout), all.mid(2)); // bounded to the last 3
    QCOMPARE(manager.recentLines(*id, AgentStream::Stderr),
             (QStringList{QStringLiteral("e1"), QStringLiteral("e2")}));
}

void TestSshAgentSessions::forwardsStdin()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    Result<AgentSessionId> id = manager.launch(target(*sshd), options(QStringLiteral("cat")));
    QVERIFY(id.ok());
    manager.writeStdin(*id, "ping\n"); // queued until the channel runs
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].stdoutLines.contains(QStringLiteral("ping")), 20000);
    manager.writeStdin(*id, "pong\n");
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].stdoutLines.contains(QStringLiteral("pong")), 10000);
    QVERIFY(!recorder[*id].finished());
    manager.closeStdin(*id);
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 10000);
    QVERIFY(recorder[*id].exit);
    QCOMPARE(recorder[*id].exit->exitCode, 0);
    QCOMPARE(recorder[*id].stdoutBytes, QByteArray("ping\npong\n"));
}

void TestSshAgentSessions::carriesFiveMegabytesThroughCat()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    QByteArray payload(5 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator random(42);
    random.fillRange(reinterpret_cast<quint32 *>(payload.data()), payload.size() / 4);
    Result<AgentSessionId> id = manager.launch(target(*sshd), options(QStringLiteral("cat")));
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].reached(AgentState::Running), 20000);
    QElapsedTimer clock;
    clock.start();
    for (qsizetype offset = 0; offset < payload.size(); offset += 256 * 1024)
        manager.writeStdin(*id, payload.mid(offset, 256 * 1024));
    manager.closeStdin(*id);
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 60000);
    QVERIFY(recorder[*id].exit);
    QCOMPARE(recorder[*id].exit->exitCode, 0);
    QCOMPARE(recorder[*id].stdoutBytes.size(), payload.size());
    QVERIFY(recorder[*id].stdoutBytes == payload);
    qInfo("5 MiB through cat and back: %lld ms", clock.elapsed());
}

void TestSshAgentSessions::stopMidStreamLeavesNoProcess_data()
{
    QTest::addColumn<bool>("ignoresTerm");
    QTest::newRow("exits on SIGTERM") << false;
    QTest::newRow("ignores SIGTERM and EOF") << true;
}

void TestSshAgentSessions::stopMidStreamLeavesNoProcess()
{
    QFETCH(bool, ignoresTerm);
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    const QString marker =
        QStringLiteral("clonedeck-agent-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    const QString trap = ignoresTerm ? QStringLiteral("trap '' TERM; ") : QString();
    AgentLaunchOptions opts =
        options(trap + QStringLiteral("while :; do echo tick; sleep 0.05; done # %1").arg(marker));
    opts.stopEofMs = 300;
    opts.stopSignalMs = 500;
    Result<AgentSessionId> id = manager.launch(target(*sshd), opts);
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].stdoutLines.size() >= 3, 20000);
    QVERIFY(processRunning(marker));
    manager.stop(*id);
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 10000);
    QVERIFY(recorder[*id].exit);
    QVERIFY(recorder[*id].exit->stoppedByRequest);
    QVERIFY(recorder[*id].reached(AgentState::Stopping));
    if (!ignoresTerm && ::geteuid() != 0) {
        QVERIFY(recorder[*id].exit->statusKnown);
        QCOMPARE(recorder[*id].exit->signal, QStringLiteral("TERM"));
    } else if (!ignoresTerm) {
        // OpenSSH turns privilege separation off for root logins and then refuses "signal"
        // channel requests ("session signalling requires privilege separation"), so as root
        // the stop must fall through to its last step, disconnecting, and say so.
        QVERIFY(!recorder[*id].exit->statusKnown);
        QVERIFY(recorder[*id].states.constLast().detail.contains(QStringLiteral("did not exit")));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!processRunning(marker), 10000);
}

void TestSshAgentSessions::retriesUntilSshdListens()
{
    auto sshd = server(false);
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    AgentLaunchOptions opts = options(QStringLiteral("echo up"));
    opts.initialBackoffMs = 50;
    opts.maxBackoffMs = 200;
    Result<AgentSessionId> id = manager.launch(target(*sshd), opts);
    QVERIFY(id.ok());
    bool started = false;
    QTimer::singleShot(800, this, [&] { started = sshd->start(); });
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 20000);
    QVERIFY(started);
    QVERIFY2(recorder[*id].exit, qPrintable(recorder[*id].error ? recorder[*id].error->toString() : ""));
    QCOMPARE(recorder[*id].stdoutLines, QStringList{QStringLiteral("up")});
    QVERIFY2(recorder[*id].count(AgentState::Connecting) >= 3,
             "expected refused attempts before sshd listened");
    bool sawRefusal = false;
    for (const AgentStateChange &change : recorder[*id].states)
        sawRefusal = sawRefusal || change.detail.contains(QStringLiteral("refused"));
    QVERIFY(sawRefusal);
}

void TestSshAgentSessions::timesOutWhenSshdNeverListens()
{
    auto sshd = server(false);
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    AgentLaunchOptions opts = options(QStringLiteral("true"));
    opts.launchTimeoutMs = 1500;
    QElapsedTimer clock;
    clock.start();
    Result<AgentSessionId> id = manager.launch(target(*sshd), opts);
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 10000);
    QVERIFY(recorder[*id].error);
    QCOMPARE(recorder[*id].error->code, ETIMEDOUT);
    QVERIFY2(recorder[*id].error->message.contains(QStringLiteral("Connection refused")),
             qPrintable(recorder[*id].error->message));
    QVERIFY(clock.elapsed() >= 1400 && clock.elapsed() < 5000);
    QCOMPARE(manager.info(*id)->state, AgentState::Failed);
}

void TestSshAgentSessions::timesOutWhenPeerNeverAnswers()
{
    // A peer that accepts the TCP connection and then says nothing (no SSH banner): the
    // handshake must not hang the session, and the error says where it was stuck.
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress(loopbackPrefix() + QStringLiteral("9.1")), 0));
    QList<QTcpSocket *> accepted;
    connect(&mute, &QTcpServer::newConnection, this, [&] { accepted.append(mute.nextPendingConnection()); });
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    AgentLaunchOptions opts = options(QStringLiteral("true"));
    opts.launchTimeoutMs = 1500;
    QElapsedTimer clock;
    clock.start();
    const AgentTarget mutePeer{QStringLiteral("farm"), 1,           1, mute.serverAddress().toString(),
                               mute.serverPort(),      m_bed.user()};
    Result<AgentSessionId> id = manager.launch(mutePeer, opts);
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 10000);
    QVERIFY(!accepted.isEmpty()); // it did connect
    QVERIFY(recorder[*id].error);
    QCOMPARE(recorder[*id].error->code, ETIMEDOUT);
    QVERIFY2(recorder[*id].error->message.contains(QStringLiteral("handshak"), Qt::CaseInsensitive),
             qPrintable(recorder[*id].error->message));
    QVERIFY(clock.elapsed() >= 1400 && clock.elapsed() < 5000);
    QCOMPARE(manager.info(*id)->state, AgentState::Failed);
}

void TestSshAgentSessions::givesUpAfterConfiguredRetries()
{
    auto sshd = server(false);
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    AgentLaunchOptions opts = options(QStringLiteral("true"));
    opts.connectRetries = 2;
    opts.initialBackoffMs = 10;
    Result<AgentSessionId> id = manager.launch(target(*sshd), opts);
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 10000);
    QVERIFY(recorder[*id].error);
    QCOMPARE(recorder[*id].error->code, ECONNREFUSED);
    QVERIFY2(recorder[*id].error->message.contains(QStringLiteral("after 3 attempts")),
             qPrintable(recorder[*id].error->message));
}

void TestSshAgentSessions::reportsRefusedAuthentication()
{
    auto sshd = server();
    QVERIFY(sshd);
    const QString stranger =
        OpenSshServer::generateKey(m_bed.directory(), QStringLiteral("stranger_ed25519"));
    QVERIFY(!stranger.isEmpty());
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    AgentLaunchOptions opts = options(QStringLiteral("true"));
    opts.identityFiles = {stranger};
    Result<AgentSessionId> id = manager.launch(target(*sshd), opts);
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 20000);
    QVERIFY(recorder[*id].error);
    QCOMPARE(recorder[*id].error->code, EACCES);
    QVERIFY2(recorder[*id].error->message.contains(QStringLiteral("authentication refused")) &&
                 recorder[*id].error->message.contains(stranger),
             qPrintable(recorder[*id].error->message));
    QVERIFY(recorder[*id].reached(AgentState::Authenticating));
    QVERIFY(!recorder[*id].reached(AgentState::Running));
}

void TestSshAgentSessions::reportsConnectionCutMidRun()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    Result<AgentSessionId> id =
        manager.launch(target(*sshd), options(QStringLiteral("echo started; sleep 60")));
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].stdoutLines.contains(QStringLiteral("started")), 20000);
    sshd->stop(); // kills sshd and its per-connection children: the TCP connection drops
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 10000);
    QVERIFY(recorder[*id].error);
    QCOMPARE(recorder[*id].error->code, ECONNRESET);
    QVERIFY2(recorder[*id].error->message.contains(QStringLiteral("connection lost")),
             qPrintable(recorder[*id].error->message));
}

void TestSshAgentSessions::refusesDuplicateLaunch()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    Result<AgentSessionId> first = manager.launch(target(*sshd, 5), options(QStringLiteral("sleep 30")));
    QVERIFY(first.ok());
    Result<AgentSessionId> second = manager.launch(target(*sshd, 5), options(QStringLiteral("sleep 30")));
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, EBUSY);
    QVERIFY2(second.error().message.contains(QStringLiteral("already live for domain 5")),
             qPrintable(second.error().message));
    Result<AgentSessionId> other = manager.launch(target(*sshd, 6), options(QStringLiteral("true")));
    QVERIFY(other.ok()); // another clone is fine
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*first].reached(AgentState::Running), 20000);
    manager.stop(*first);
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*first].finished(), 10000);
    Result<AgentSessionId> again = manager.launch(target(*sshd, 5), options(QStringLiteral("true")));
    QVERIFY(again.ok()); // the guard is released once the first agent ended
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*again].finished() && recorder[*other].finished(), 20000);
    QVERIFY(recorder[*again].exit);
}

void TestSshAgentSessions::reportsIdleAgents()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    AgentLaunchOptions opts = options(QStringLiteral("echo hi; sleep 3"));
    opts.idleSeconds = 1;
    Result<AgentSessionId> id = manager.launch(target(*sshd), opts);
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].idleCount >= 1, 20000);
    QVERIFY(!recorder[*id].finished());
    manager.stop(*id);
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 10000);
}

void TestSshAgentSessions::probesReachability()
{
    auto sshd = server();
    QVERIFY(sshd);
    auto silent = server(false);
    QVERIFY(silent);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    AgentLaunchOptions opts = options(QString());
    opts.launchTimeoutMs = 1000;
    const AgentSessionId up = manager.probe(target(*sshd), opts);
    const AgentSessionId down = manager.probe(target(*silent), opts);
    QTRY_VERIFY_WITH_TIMEOUT(recorder[up].finished() && recorder[down].finished(), 10000);
    QCOMPARE(recorder[up].probeReachable, std::optional<bool>(true));
    QVERIFY(recorder[up].fingerprint.startsWith(QStringLiteral("SHA256:")));
    QVERIFY(!recorder[up].reached(AgentState::Authenticating));
    QCOMPARE(recorder[down].probeReachable, std::optional<bool>(false));
    QCOMPARE(recorder[down].error->code, ETIMEDOUT);
}

void TestSshAgentSessions::flagsInsecurePolicy()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    AgentLaunchOptions opts = options(QStringLiteral("true"));
    opts.hostKeyPolicy = std::make_shared<InsecureHostKeyPolicy>();
    Result<AgentSessionId> id = manager.launch(target(*sshd), opts);
    QVERIFY(id.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*id].finished(), 20000);
    QVERIFY(recorder[*id].exit);
    QVERIFY(recorder[*id].insecure);
    QVERIFY(manager.info(*id)->insecureHostKey);
}

void TestSshAgentSessions::runsTwentySessionsOnOneIoThread()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    const int threadsBefore = threadCount();
    QList<AgentSessionId> ids;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 20; ++i) {
        Result<AgentSessionId> id =
            manager.launch(target(*sshd, 100 + i), options(QStringLiteral("echo agent-%1; cat").arg(i)));
        QVERIFY(id.ok());
        ids.append(*id);
    }
    const auto allRunning = [&] {
        for (AgentSessionId id : ids) {
            if (!recorder[id].reached(AgentState::Running))
                return false;
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allRunning(), 60000);
    const qint64 toAllRunning = clock.elapsed();
    QCOMPARE(manager.liveSessionCount(), 20);
    // No thread per session: at most the libssh/Qt helpers beyond the one I/O thread.
    QVERIFY2(threadCount() - threadsBefore <= 2, qPrintable(QString::number(threadCount() - threadsBefore)));
    QCOMPARE(recorder.emittingThreads(), QSet<QThread *>{manager.ioThread()});
    for (AgentSessionId id : ids) {
        manager.writeStdin(id, QByteArray("echo-") + QByteArray::number(id) + '\n');
        manager.closeStdin(id);
    }
    const auto allExited = [&] {
        for (AgentSessionId id : ids) {
            if (!recorder[id].exit)
                return false;
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allExited(), 90000);
    for (int i = 0; i < ids.size(); ++i) {
        const QStringList expected{QStringLiteral("agent-%1").arg(i), QStringLiteral("echo-%1").arg(ids[i])};
        QCOMPARE(recorder[ids[i]].stdoutLines, expected);
        QCOMPARE(recorder[ids[i]].exit->exitCode, 0);
    }
    qInfo("20 concurrent sessions: all Running after %lld ms", toAllRunning);
}

namespace {
// The documented bounds (README, "Agent output"): per stream 1,000 lines and 128 KiB of text
// (as held, two bytes a character); at most 200 finished sessions holding at most 8 MiB.
constexpr qint64 kStreamTextBytes = 128 * 1024;
constexpr int kFinishedSessions = 200;
constexpr qint64 kFinishedText = 8 * 1024 * 1024;

qint64 textBytes(const QStringList &lines)
{
    qint64 bytes = 0;
    for (const QString &line : lines)
        bytes += line.size() * qint64(sizeof(QChar));
    return bytes;
}
} // namespace

void TestSshAgentSessions::lineBufferKeepsABoundedTail()
{
    LineBuffer buffer(1000, kStreamTextBytes);
    // 32 MiB of 4 KiB lines.
    const QByteArray line = QByteArray(4095, 'x') + '\n';
    const QByteArray packet = line.repeated(16);
    for (int i = 0; i < 512; ++i)
        buffer.append(packet);
    buffer.append("last line\n");
    const QStringList kept = buffer.lines();
    QVERIFY2(textBytes(kept) <= kStreamTextBytes, qPrintable(QString::number(textBytes(kept))));
    QVERIFY(kept.size() > 1);
    QCOMPARE(kept.constLast(), QStringLiteral("last line"));
    QCOMPARE(kept.at(kept.size() - 2), QString::fromLatin1(line.chopped(1)));
}

void TestSshAgentSessions::finishedSessionsAreBoundedInNumber()
{
    // Sessions that fail at once (nothing listens there) pile up as finished records.
    const quint16 closedPort = OpenSshServer::freePort(loopbackPrefix() + QStringLiteral("8.1"));
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    AgentLaunchOptions opts = options(QStringLiteral("true"));
    opts.connectRetries = 0;
    const AgentTarget nowhere{
        QStringLiteral("farm"), 1, 1, loopbackPrefix() + QStringLiteral("8.1"), closedPort, m_bed.user()};
    QList<AgentSessionId> ids;
    for (int i = 0; i < kFinishedSessions + 20; ++i) {
        AgentTarget target = nowhere;
        target.domid = 1000 + i;
        Result<AgentSessionId> id = manager.launch(target, opts);
        QVERIFY(id.ok());
        ids.append(*id);
    }
    // Every end heard here, not only counted by the manager (it counts one just before it reports it).
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finishOrder().size() == ids.size() && manager.liveSessionCount() == 0,
                             30000);
    int kept = 0;
    for (AgentSessionId id : std::as_const(ids))
        kept += manager.info(id) ? 1 : 0;
    QCOMPARE(kept, kFinishedSessions);
    // The first to finish went first.
    const QList<AgentSessionId> order = recorder.finishOrder();
    const qsizetype dropped = ids.size() - kFinishedSessions;
    for (qsizetype i = 0; i < order.size(); ++i)
        QVERIFY2(bool(manager.info(order.at(i))) == (i >= dropped), qPrintable(QString::number(i)));
}

void TestSshAgentSessions::finishedSessionsAreBoundedInText()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    // Each agent floods both streams with 200 lines of 1,000 characters (200 KB each: more than
    // the 128 KiB of text a stream keeps, which holds 65 of these lines).
    const QString flood = QStringLiteral("s=$(printf '%0999d' 0); yes \"$s\" | head -n 200; "
                                         "yes \"$s\" | head -n 200 >&2");
    QList<AgentSessionId> ids;
    for (int batch = 0; batch < 4; ++batch) { // sshd's MaxStartups: ten handshakes at a time
        QList<AgentSessionId> running;
        for (int i = 0; i < 10; ++i) {
            Result<AgentSessionId> id = manager.launch(target(*sshd, 200 + 10 * batch + i), options(flood));
            QVERIFY(id.ok());
            running.append(*id);
        }
        for (AgentSessionId id : std::as_const(running))
            QTRY_VERIFY_WITH_TIMEOUT(recorder[id].finished(), 30000);
        ids += running;
    }
    qint64 total = 0;
    for (AgentSessionId id : std::as_const(ids)) {
        QVERIFY2(recorder[id].exit && recorder[id].exit->exitCode == 0,
                 qPrintable(recorder[id].error ? recorder[id].error->toString() : QString()));
        QCOMPARE(recorder[id].stdoutBytes.size(), 200 * 1000);
        for (AgentStream stream : {AgentStream::Stdout, AgentStream::Stderr}) {
            const qint64 bytes = textBytes(manager.recentLines(id, stream));
            QVERIFY2(bytes <= kStreamTextBytes, qPrintable(QString::number(bytes)));
            total += bytes;
        }
    }
    QVERIFY2(total <= kFinishedText, qPrintable(QString::number(total)));
    // The first to finish went first: what is kept is a tail of the finishing order, and the
    // whole last batch (a batch ends before the next one starts) is in it.
    const QList<AgentSessionId> order = recorder.finishOrder();
    QCOMPARE(order.size(), ids.size());
    const auto isKept = [&manager](AgentSessionId id) { return bool(manager.info(id)); };
    const auto firstKept = std::find_if(order.cbegin(), order.cend(), isKept);
    QVERIFY(firstKept != order.cbegin());
    QVERIFY(std::all_of(firstKept, order.cend(), isKept));
    QVERIFY(order.cend() - firstKept >= 10);
}

// libssh 0.10.6 does not close a socket given to it with SSH_OPTIONS_FD when the session ends:
// every ended agent left one open (in CLOSE_WAIT), and a console running agents all day ran out.
void TestSshAgentSessions::endedSessionsCloseTheirSockets()
{
    auto sshd = server();
    QVERIFY(sshd);
    AgentSessionManager manager(m_bed.policy());
    SessionRecorder recorder(&manager);
    // One session first: what the manager opens once (its I/O thread) is then in the baseline.
    const Result<AgentSessionId> first = manager.launch(target(*sshd), options(QStringLiteral("true")));
    QVERIFY(first.ok());
    QTRY_VERIFY_WITH_TIMEOUT(recorder[*first].finished(), 20000);
    const int before = openDescriptors(::getpid());
    QList<AgentSessionId> ids;
    for (int i = 0; i < 10; ++i) {
        const Result<AgentSessionId> id =
            manager.launch(target(*sshd, 100 + i), options(QStringLiteral("true")));
        QVERIFY(id.ok());
        ids.append(*id);
    }
    const auto allFinished = [&] {
        return std::all_of(ids.cbegin(), ids.cend(),
                           [&](AgentSessionId id) { return recorder[id].finished(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allFinished(), 60000);
    for (AgentSessionId id : std::as_const(ids))
        QVERIFY(recorder[id].exit.has_value() && recorder[id].exit->exitCode == 0);
    QTRY_COMPARE_WITH_TIMEOUT(openDescriptors(::getpid()), before, 10000);
}

QTEST_GUILESS_MAIN(TestSshAgentSessions)
#include "tst_sshagentsessions.moc"
