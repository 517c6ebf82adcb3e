#include "CloneIdentityChannel.h"

#include <QFile>
#include <QSocketNotifier>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace clonedeck {

namespace {
// "ok" or "error REASON": the helper's longest answer is its reason plus a strerror; more is not its answer.
constexpr qsizetype kMaxAnswer = 256;

int openPipe(const QString &path)
{
    // O_RDWR: a FIFO opened this way never blocks and never reads end-of-file, whether QEMU has its end
    // open yet or not (Linux fifo(7)), so a line written before QEMU reads it waits in the pipe.
    return ::open(QFile::encodeName(path).constData(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

// What the guest said, for an error message: printable ASCII only.
QString printable(const QByteArray &text)
{
    QString out;
    for (const char c : text.left(kMaxAnswer))
        out += (c >= 0x20 && c < 0x7f) ? QLatin1Char(c) : QLatin1Char('?');
    return out;
}
} // namespace

CloneIdentityChannel::CloneIdentityChannel(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(Error{ETIMEDOUT, {}, QStringLiteral("the clone's identity helper did not answer")});
    });
}

CloneIdentityChannel::~CloneIdentityChannel()
{
    for (const int fd : {m_in, m_out})
        if (fd >= 0)
            ::close(fd);
}

Status CloneIdentityChannel::createPipes(const QString &basePath)
{
    for (const QString &path : {basePath + QStringLiteral(".in"), basePath + QStringLiteral(".out")}) {
        const QByteArray name = QFile::encodeName(path);
        ::unlink(name.constData());
        if (::mkfifo(name.constData(), 0600) != 0)
            return Error{errno, path, QStringLiteral("cannot make the identity port's pipe")};
    }
    return Done{};
}

QByteArray CloneIdentityChannel::line(const CloneIdentity &identity)
{
    const qint64 seconds = identity.wallTimeNs / 1000000000;
    const qint64 nanoseconds = identity.wallTimeNs % 1000000000;
    return QStringLiteral("identity %1 %2 %3 %4.%5\n")
        .arg(identity.mac, identity.address, identity.netmask)
        .arg(seconds)
        .arg(nanoseconds, 9, 10, QLatin1Char('0'))
        .toLatin1();
}

void CloneIdentityChannel::send(const QString &basePath, const QByteArray &line, int timeoutMs,
                                std::function<void(Status)> done)
{
    m_done = std::move(done);
    m_in = openPipe(basePath + QStringLiteral(".in"));
    m_out = openPipe(basePath + QStringLiteral(".out"));
    if (m_in < 0 || m_out < 0)
        return finish(Error{errno, basePath, QStringLiteral("cannot open the identity port's pipes")});
    // One write below PIPE_BUF into an empty pipe: atomic and complete.
    if (::write(m_in, line.constData(), size_t(line.size())) != line.size())
        return finish(Error{errno, basePath, QStringLiteral("cannot write the clone's identity")});
    m_notifier = new QSocketNotifier(m_out, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &CloneIdentityChannel::readAnswer);
    m_timeout.start(timeoutMs);
}

void CloneIdentityChannel::readAnswer()
{
    char buffer[kMaxAnswer];
    const ssize_t n = ::read(m_out, buffer, sizeof buffer);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0)
        return finish(Error{EIO, {}, QStringLiteral("cannot read the clone's identity helper")});
    m_answer.append(buffer, n);
    const qsizetype newline = m_answer.indexOf('\n');
    if (newline < 0) {
        if (m_answer.size() > kMaxAnswer)
            finish(Error{EPROTO, {}, QStringLiteral("the clone's identity helper sent no line")});
        return;
    }
    const QByteArray answer = m_answer.left(newline);
    if (answer == "ok")
        return finish(Done{});
    finish(
        Error{EIO, {}, QStringLiteral("the clone could not take its identity: %1").arg(printable(answer))});
}

void CloneIdentityChannel::finish(Status status)
{
    m_timeout.stop();
    if (m_notifier)
        m_notifier->setEnabled(false);
    if (auto done = std::exchange(m_done, nullptr))
        done(status);
}

} // namespace clonedeck
