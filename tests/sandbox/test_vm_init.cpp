// clonedeck-vm-init spoken to over its own protocol (core/vminit/vm-init-protocol.h), the way
// SandboxVmInit does: commands many at once, their exit statuses and signals, a program that is
// not there, and the command inits' stacks given back once they end (the command init shares the
// VM init's memory; docs/sandbox-vms.md).
#include "TestEnvironment.h"
#include "vm-init-protocol.h"
#include "VmInitMessages.h"

#include <QFile>
#include <QTest>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace clonedeck;
using namespace clonedeck::test;

namespace {

constexpr int kReplyTimeoutMs = 20000;

// One reply from a command's reply socket, waited for with a deadline; nullopt if none came.
std::optional<vminit::Reply> readReply(int socket)
{
    vminit::Reply reply;
    if (vminit::receiveReply(socket, kReplyTimeoutMs, reply) != 1)
        return std::nullopt;
    return reply;
}

// A VM init of the test's own, on a socketpair, and the requests it is sent.
class VmInit
{
public:
    ~VmInit()
    {
        if (m_control >= 0)
            close(m_control); // the init ends when its socket does
        if (m_pid > 0)
            waitpid(m_pid, nullptr, 0);
    }

    bool start()
    {
        int pair[2];
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
            return false;
        const QByteArray program =
            QFile::encodeName(binDir() + QStringLiteral("/../libexec/clonedeck-vm-init"));
        m_pid = fork();
        if (m_pid == 0) {
            dup2(pair[1], 3); // clears close-on-exec on fd 3 only
            execl(program.constData(), program.constData(), static_cast<char *>(nullptr));
            _exit(127);
        }
        close(pair[1]);
        m_control = pair[0];
        const auto ready = readReply(m_control);
        return m_pid > 0 && ready && ready->code == VMINIT_READY;
    }

    pid_t pid() const { return m_pid; }

    // Sends one command; returns its reply socket (the caller closes it), or -1.
    int run(const std::vector<std::string> &argv, int output)
    {
        int reply[2];
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, reply) != 0)
            return -1;
        const int input = open("/dev/null", O_RDONLY | O_CLOEXEC);
        const int fds[4] = {input, output, output, reply[1]};
        const Status sent = vminit::sendRequest(
            m_control, vminit::requestPayload("/tmp", argv, {"PATH=/usr/bin:/bin"}), fds, kReplyTimeoutMs);
        close(input);
        close(reply[1]);
        if (!sent) {
            close(reply[0]);
            return -1;
        }
        return reply[0];
    }

private:
    pid_t m_pid = -1;
    int m_control = -1;
};

int mappingsOf(pid_t pid)
{
    QFile maps(QStringLiteral("/proc/%1/maps").arg(pid));
    return maps.open(QIODevice::ReadOnly) ? int(maps.readAll().count('\n')) : -1;
}

// The children a process has now: its command inits still running or not yet reaped.
QByteArray childrenOf(pid_t pid)
{
    QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
    return children.open(QIODevice::ReadOnly) ? children.readAll().trimmed() : QByteArray("?");
}

int devNull()
{
    return open("/dev/null", O_WRONLY | O_CLOEXEC);
}

} // namespace

class TestVmInit : public QObject
{
    Q_OBJECT
private slots:
    void manyCommandsAtOnceEachReportTheirOwnStatus();
    void aBurstLeavesOnlyTheKeptSlotsAndTheyAreReused();
    void aSignalSentToTheCommandInitEndsTheCommand();
    void aMissingProgramEndsWith127AndSaysWhy();
};

void TestVmInit::manyCommandsAtOnceEachReportTheirOwnStatus()
{
    VmInit init;
    QVERIFY(init.start());
    const int output = devNull();
    constexpr int kCommands = 100;
    QList<int> replies;
    for (int i = 0; i < kCommands; ++i) {
        const int reply = init.run({"/bin/sh", "-c", "sleep 0.2; exit " + std::to_string(i % 7)}, output);
        QVERIFY(reply >= 0);
        replies.append(reply);
    }
    close(output);
    for (int i = 0; i < kCommands; ++i) {
        const auto started = readReply(replies[i]);
        QVERIFY2(started && started->code == VMINIT_STARTED, qPrintable(QString::number(i)));
        QVERIFY(started->fd >= 0); // a pidfd of the command's own init
        close(started->fd);
        const auto exited = readReply(replies[i]);
        QVERIFY2(exited && exited->code == VMINIT_EXITED, qPrintable(QString::number(i)));
        QVERIFY(WIFEXITED(exited->detail));
        QCOMPARE(WEXITSTATUS(exited->detail), i % 7);
        close(replies[i]);
    }
}

void TestVmInit::aBurstLeavesOnlyTheKeptSlotsAndTheyAreReused()
{
    VmInit init;
    QVERIFY(init.start());
    const int output = devNull();
    // One command first: what the init maps for one command (a slot) is then in the baseline.
    const int first = init.run({"/bin/true"}, output);
    QVERIFY(first >= 0);
    QVERIFY(readReply(first) && readReply(first));
    close(first);
    QTRY_VERIFY_WITH_TIMEOUT(childrenOf(init.pid()).isEmpty(), 10000);
    const int baseline = mappingsOf(init.pid());
    QVERIFY(baseline > 0);
    QList<int> replies;
    for (int i = 0; i < 40; ++i)
        replies.append(init.run({"/bin/sleep", "0.3"}, output));
    for (int fd : std::as_const(replies)) {
        QVERIFY(fd >= 0);
        QVERIFY(readReply(fd)); // started
    }
    const int busy = mappingsOf(init.pid());
    for (int fd : std::as_const(replies)) {
        const auto exited = readReply(fd);
        QVERIFY(exited && exited->code == VMINIT_EXITED && WIFEXITED(exited->detail));
        close(fd);
    }
    // Every command init reaped: the burst's slots are unmapped but for the few kept (a guard page
    // and the rest: two mappings each).
    QTRY_VERIFY_WITH_TIMEOUT(childrenOf(init.pid()).isEmpty(), 10000);
    const int settled = mappingsOf(init.pid());
    QVERIFY2(settled <= baseline + 2 * VMINIT_KEPT_FREE_SLOTS,
             qPrintable(QStringLiteral("%1 mappings after the burst, %2 before").arg(settled).arg(baseline)));
    // The next command runs in a kept slot: while it runs, nothing is mapped anew.
    const int reply = init.run({"/bin/sleep", "0.3"}, output);
    QVERIFY(reply >= 0);
    QVERIFY(readReply(reply)); // started
    QCOMPARE(mappingsOf(init.pid()), settled);
    QVERIFY(readReply(reply)); // exited
    close(reply);
    close(output);
    qInfo("the init's mappings: %d before, %d with 40 commands running, %d after", baseline, busy, settled);
}

void TestVmInit::aSignalSentToTheCommandInitEndsTheCommand()
{
    VmInit init;
    QVERIFY(init.start());
    const int output = devNull();
    const int reply = init.run({"/bin/sleep", "60"}, output);
    close(output);
    QVERIFY(reply >= 0);
    const auto started = readReply(reply);
    QVERIFY(started && started->code == VMINIT_STARTED && started->fd >= 0);
    QCOMPARE(syscall(SYS_pidfd_send_signal, started->fd, SIGTERM, nullptr, 0), 0L);
    close(started->fd);
    const auto exited = readReply(reply);
    QVERIFY(exited && exited->code == VMINIT_EXITED);
    QVERIFY(WIFSIGNALED(exited->detail));
    QCOMPARE(WTERMSIG(exited->detail), SIGTERM);
    close(reply);
}

void TestVmInit::aMissingProgramEndsWith127AndSaysWhy()
{
    VmInit init;
    QVERIFY(init.start());
    int errors[2];
    QCOMPARE(pipe2(errors, O_CLOEXEC), 0);
    const int reply = init.run({"/nonexistent/program"}, errors[1]);
    close(errors[1]);
    QVERIFY(reply >= 0);
    const auto started = readReply(reply);
    QVERIFY(started && started->code == VMINIT_STARTED);
    close(started->fd);
    const auto exited = readReply(reply);
    QVERIFY(exited && WIFEXITED(exited->detail));
    QCOMPARE(WEXITSTATUS(exited->detail), 127);
    close(reply);
    QByteArray said;
    char buffer[256];
    ssize_t got;
    while ((got = read(errors[0], buffer, sizeof buffer)) > 0) // ends when the command's copies are gone
        said.append(buffer, got);
    close(errors[0]);
    QCOMPARE(said, QByteArrayLiteral(
                       "clonedeck-vm-init: cannot run /nonexistent/program: No such file or directory\n"));
}

QTEST_GUILESS_MAIN(TestVmInit)
#include "test_vm_init.moc"
