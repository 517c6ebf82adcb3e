// Issue 11, finding 4 (and the server's destructor, finding 9): the sandbox VMs' SSH server
// moves data only as fast as the slower side takes it, never waits inside a libssh
// callback, never drops output, and bounds its connections without ever dying of them.
#include "PlatformFixture.h"
#include "ProcessCpu.h"
#include "SandboxDisk.h"
#include "SandboxSshServer.h"
#include "TestEnvironment.h"
#include "VmShell.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <libssh/libssh.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

using namespace clonedeck;
using namespace clonedeck::test;

namespace {

// A libssh client on one VM, trusting exactly the VM's host key, logged in with the
// platform's client key, one `exec` channel.
class SshClient
{
public:
    SshClient(const PlatformFixture &platform, const VmShell::Address &address)
    {
        m_session = ssh_new();
        const int port = address.port;
        ssh_options_set(m_session, SSH_OPTIONS_HOST, address.host.toLatin1().constData());
        ssh_options_set(m_session, SSH_OPTIONS_PORT, &port);
        ssh_options_set(m_session, SSH_OPTIONS_USER, "agent");
        ssh_key expected = nullptr, presented = nullptr, identity = nullptr;
        const QByteArray hostKey = QFile::encodeName(platform.vmDirectory(1) +
                                                     QStringLiteral("/.clonedeck/ssh_host_ed25519_key.pub"));
        m_ok = ssh_connect(m_session) == SSH_OK &&
               ssh_get_server_publickey(m_session, &presented) == SSH_OK &&
               ssh_pki_import_pubkey_file(hostKey.constData(), &expected) == SSH_OK &&
               ssh_key_cmp(expected, presented, SSH_KEY_CMP_PUBLIC) == 0 &&
               ssh_pki_import_privkey_file(QFile::encodeName(platform.clientKey()).constData(), nullptr,
                                           nullptr, nullptr, &identity) == SSH_OK &&
               ssh_userauth_publickey(m_session, nullptr, identity) == SSH_AUTH_SUCCESS;
        ssh_key_free(expected);
        ssh_key_free(presented);
        ssh_key_free(identity);
    }
    ~SshClient()
    {
        if (m_channel)
            ssh_channel_free(m_channel);
        ssh_disconnect(m_session);
        ssh_free(m_session);
    }
    bool exec(const char *command)
    {
        m_channel = m_ok ? ssh_channel_new(m_session) : nullptr;
        return m_channel && ssh_channel_open_session(m_channel) == SSH_OK &&
               ssh_channel_request_exec(m_channel, command) == SSH_OK;
    }
    QString error() const { return QString::fromLatin1(ssh_get_error(m_session)); }
    ssh_session session() const { return m_session; }
    ssh_channel channel() const { return m_channel; }

private:
    ssh_session m_session = nullptr;
    ssh_channel m_channel = nullptr;
    bool m_ok = false;
};

qint64 residentKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

int threadCount(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("Threads:"))
            return line.mid(8).trimmed().toInt();
    }
    return -1;
}

int connectTo(const QString &host, quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, host.toLatin1().constData(), &address.sin_addr);
    ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address); // completes in the background
    return fd;
}

struct FloodOutcome
{
    int served = 0;  // the server greeted them with its SSH banner
    int refused = 0; // closed without a word
};

// Opens `count` connections that never say anything and sorts them by how the server
// answered; they stay open until `fds` is closed by the caller.
FloodOutcome flood(const VmShell::Address &address, int count, std::vector<int> &fds)
{
    std::vector<pollfd> pending;
    for (int i = 0; i < count; ++i) {
        fds.push_back(connectTo(address.host, address.port));
        pending.push_back({fds.back(), POLLIN, 0});
    }
    FloodOutcome outcome;
    QDeadlineTimer deadline(60000);
    while (!pending.empty() && !deadline.hasExpired()) {
        if (::poll(pending.data(), pending.size(), int(deadline.remainingTime())) <= 0)
            break;
        for (auto it = pending.begin(); it != pending.end();) {
            if (!it->revents) {
                ++it;
                continue;
            }
            char banner[8] = {};
            const ssize_t n = ::recv(it->fd, banner, sizeof banner, 0);
            (n > 0 && QByteArray(banner, int(n)).startsWith("SSH-") ? outcome.served : outcome.refused)++;
            it = pending.erase(it);
        }
    }
    return outcome;
}

void closeAll(std::vector<int> &fds)
{
    for (int fd : fds)
        ::close(fd);
    fds.clear();
}

} // namespace

class TestSandboxSsh : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void stdinIsPacedByTheCommand();
    void outputWaitsForAShutWindow();
    void anEndedCommandsSessionWaitsForItsClientWithoutSpinning();
    void idleConnectionsAreCapped();
    void threadLimitRefusesCleanly();
    void destructorEndsEveryConnection();

private:
    void daemonStillServes(const PlatformFixture &platform);

    PlatformFixture m_platform;
    int m_idleThreads = 0; // clonedeckd's threads with no connection
};

void TestSandboxSsh::initTestCase()
{
    const QString error = m_platform.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_idleThreads = threadCount(m_platform.pid());
}

void TestSandboxSsh::daemonStillServes(const PlatformFixture &platform)
{
    QVERIFY2(platform.isRunning(), platform.daemonOutput().right(2000).constData());
    const CommandResult echoed = VmShell(platform).run(1, QStringLiteral("echo still-here"));
    const bool served = echoed.exitCode == 0 && echoed.out == "still-here\n";
    if (!served) {
        // The daemon's own account, line by line (a failure message is cut at 1,000 characters):
        // "Bad port '0'" alone said only that the master had no endpoint.
        for (const QByteArray &line : platform.daemonOutput().right(4000).split('\n'))
            qWarning("clonedeckd: %s", line.constData());
    }
    QVERIFY2(served, echoed.err.constData());
}

void TestSandboxSsh::stdinIsPacedByTheCommand()
{
    // `cat` whose output nobody reads stops reading its input; the client's 64 MiB must then
    // wait in the client, not in clonedeckd.
    daemonStillServes(m_platform); // warm: the code paths of a session are resident
    const qint64 before = residentKb(m_platform.pid());
    SshClient client(m_platform, VmShell(m_platform).address(1));
    QVERIFY2(client.exec("cat"), qPrintable(client.error()));
    ssh_set_blocking(client.session(), 0);
    const QByteArray chunk(256 * 1024, 'x');
    qint64 sent = 0;
    constexpr qint64 kTotal = 64 * 1024 * 1024;
    while (sent < kTotal) {
        const int n = ssh_channel_write(client.channel(), chunk.constData(),
                                        uint32_t(std::min<qint64>(chunk.size(), kTotal - sent)));
        QVERIFY2(n >= 0, qPrintable(client.error()));
        sent += n;
        if (n > 0)
            continue;
        // The window is shut. A server that keeps taking input reopens it within milliseconds;
        // one that paces its input keeps it shut: two quiet seconds tell them apart.
        pollfd socket{ssh_get_fd(client.session()), POLLIN, 0};
        if (::poll(&socket, 1, 2000) == 0)
            break;
    }
    const qint64 grown = residentKb(m_platform.pid()) - before;
    qInfo("client got %lld KiB through before the window stayed shut; clonedeckd's RSS grew by %lld KiB",
          sent / 1024, grown);
    QVERIFY2(sent < kTotal / 4, "the server kept taking input nobody read");
    // Under ASan the allocator keeps freed blocks resident (its quarantine) and adds shadow
    // memory: 30 MiB measured there, 4 MiB in a release build, for the same 4.5 MiB through.
#ifdef __SANITIZE_ADDRESS__
    constexpr qint64 kGrowthBoundKb = 48 * 1024;
#else
    constexpr qint64 kGrowthBoundKb = 24 * 1024;
#endif
    QVERIFY2(grown < kGrowthBoundKb, "clonedeckd buffered what the command did not read");
    daemonStillServes(m_platform);
}

void TestSandboxSsh::outputWaitsForAShutWindow()
{
    SshClient client(m_platform, VmShell(m_platform).address(1));
    QVERIFY2(client.exec("head -c 8M /dev/zero"), qPrintable(client.error()));
    // The scenario itself, not a wait for something: the client reads nothing for 20 s, longer
    // than any timeout of the server's, while the command's output fills the window.
    QTest::qSleep(20000);
    QByteArray buffer(64 * 1024, Qt::Uninitialized);
    qint64 received = 0;
    QDeadlineTimer deadline(60000);
    while (!ssh_channel_is_eof(client.channel()) && !deadline.hasExpired()) {
        const int n =
            ssh_channel_read_timeout(client.channel(), buffer.data(), uint32_t(buffer.size()), 0, 1000);
        QVERIFY2(n >= 0, qPrintable(client.error()));
        received += n;
    }
    QCOMPARE(received, qint64(8 * 1024 * 1024));
    QCOMPARE(ssh_channel_get_exit_status(client.channel()), 0);
}

void TestSandboxSsh::anEndedCommandsSessionWaitsForItsClientWithoutSpinning()
{
    // Once the exit status is sent the server gives the client two seconds to close its side.
    // The ended command's pipes and pidfd must not be watched then: a closed fd polls POLLNVAL
    // and a reaped pidfd stays readable, so every poll would return at once for those seconds.
    SshClient client(m_platform, VmShell(m_platform).address(1));
    QVERIFY2(client.exec("true"), qPrintable(client.error()));
    QByteArray buffer(1024, Qt::Uninitialized);
    QDeadlineTimer deadline(30000);
    while (!ssh_channel_is_eof(client.channel()) && !deadline.hasExpired())
        QVERIFY2(
            ssh_channel_read_timeout(client.channel(), buffer.data(), uint32_t(buffer.size()), 0, 1000) >= 0,
            qPrintable(client.error()));
    QDeadlineTimer statusDeadline(10000);
    while (ssh_channel_get_exit_status(client.channel()) == -1 && !statusDeadline.hasExpired())
        ssh_channel_poll_timeout(client.channel(), 100, 0);
    QCOMPARE(ssh_channel_get_exit_status(client.channel()), 0);
    // The scenario itself, not a wait for something: the client keeps its channel open, within
    // the server's two seconds.
    const qint64 before = processCpuMs(m_platform.pid());
    QTest::qSleep(1500);
    const qint64 used = processCpuMs(m_platform.pid()) - before;
    qInfo("clonedeckd used %lld ms of CPU while the session waited for its client", used);
    QVERIFY2(used < 300, "the session's thread spun while it waited for the client to close");
}

void TestSandboxSsh::idleConnectionsAreCapped()
{
    const SandboxSshServer::Limits limits;
    std::vector<int> fds;
    const FloodOutcome outcome = flood(VmShell(m_platform).address(1), 500, fds);
    qInfo("500 idle connections: %d served, %d refused", outcome.served, outcome.refused);
    QVERIFY(outcome.served <= limits.unauthenticated);
    QVERIFY(outcome.refused >= 500 - limits.unauthenticated);
    QCOMPARE(outcome.served + outcome.refused, 500);
    QVERIFY(m_platform.isRunning());
    closeAll(fds);
    daemonStillServes(m_platform); // the idle ones gone, the slots are free again
}

void TestSandboxSsh::threadLimitRefusesCleanly()
{
    // A user who is not root, whose process limit leaves room for few connection threads:
    // a connection that gets no thread is refused, and the daemon lives on.
    PlatformFixture limited;
    PlatformFixture::Options options;
    options.runAsUid = 61000 + int(::getpid() % 1000); // a uid of its own: nothing else counts against it
    // Room for 16 connection threads (or commands) beside what the daemon and its xenstored need
    // idle, counted on this test's unlimited daemon before any connection (same binary and setup).
    const int room = 16;
    options.processLimit = m_idleThreads + 1 + room;
    const QString error = limited.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    daemonStillServes(limited);
    std::vector<int> fds;
    const FloodOutcome outcome = flood(VmShell(limited).address(1), 200, fds);
    qInfo("200 idle connections under RLIMIT_NPROC %d: %d served, %d refused", options.processLimit,
          outcome.served, outcome.refused);
    QVERIFY(outcome.served <= room);
    QVERIFY(outcome.refused >= 200 - room);
    QCOMPARE(outcome.served + outcome.refused, 200);
    QVERIFY2(limited.isRunning(), limited.daemonOutput().right(2000).constData());
    closeAll(fds);
    daemonStillServes(limited);
}

void TestSandboxSsh::destructorEndsEveryConnection()
{
    // A connection that never sends its banner keeps its thread in the key exchange (a 15 s
    // timeout); destroying the server must end it at once, not after a deadline, and never
    // leave its thread running (std::terminate).
    QTemporaryDir dir;
    const QString vm = dir.path() + QStringLiteral("/vm");
    QVERIFY(SandboxDisk::createMaster(vm, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq7 test").ok());
    SandboxEndpointSpec spec;
    spec.domid = 7;
    spec.directory = vm;
    spec.address = loopbackPrefix() + QStringLiteral("9.7");
    spec.preferredPort = spec.fallbackPort = quint16(40000 + ::getpid() % 20000);
    QElapsedTimer destroying;
    int idle = -1; // stays open until the server is gone: closing it would end the session by itself
    {
        SandboxSshServer server;
        QVERIFY(server.addEndpoint(spec).ok());
        idle = connectTo(spec.address, spec.preferredPort);
        QTRY_COMPARE_WITH_TIMEOUT(server.activeSessionCount(7), 1, 10000);
        destroying.start();
    }
    const qint64 elapsed = destroying.elapsed();
    ::close(idle);
    QVERIFY2(elapsed < 4000, "the server waited for a deadline instead of ending the connection");
}

QTEST_GUILESS_MAIN(TestSandboxSsh)
#include "test_sandbox_ssh.moc"
