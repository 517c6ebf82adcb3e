#include "ProcessDeadline.h"

#include "ExitCode.h"

#include <csignal>
#include <cstring>
#include <sys/time.h>
#include <unistd.h>

namespace clonedeck::cli {

namespace {
// Prepared before the timer is armed: a signal handler may not format or allocate. Process-wide by
// necessity (a signal handler has no other way to its data); written once, before arming.
char g_message[256];
size_t g_messageLength = 0;

void onDeadline(int)
{
    const ssize_t written = ::write(STDERR_FILENO, g_message, g_messageLength);
    static_cast<void>(written); // nothing left to do if stderr is gone too
    ::_exit(Unreachable);
}
} // namespace

void ProcessDeadline::arm(qint64 ms, const QString &program)
{
    const QByteArray text =
        QStringLiteral("%1: clonedeckd did not answer within %2 s (is it running? the domain's channel "
                       "to it is not connected)\n")
            .arg(program, QString::number(double(ms) / 1000.0, 'g', 4))
            .toLocal8Bit();
    g_messageLength = std::min(size_t(text.size()), sizeof g_message);
    std::memcpy(g_message, text.constData(), g_messageLength);
    struct sigaction action = {};
    action.sa_handler = onDeadline;
    sigemptyset(&action.sa_mask);
    sigaction(SIGALRM, &action, nullptr);
    itimerval timer = {};
    timer.it_value.tv_sec = ms / 1000;
    timer.it_value.tv_usec = (ms % 1000) * 1000;
    setitimer(ITIMER_REAL, &timer, nullptr);
}

} // namespace clonedeck::cli
