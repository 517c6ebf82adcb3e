// A session's streams in its libssh event, by stream: a stream whose pipe was closed leaves
// the event with it (a closed fd left in made every poll return at once with POLLNVAL, and
// a reused number would be watched for someone else); a stream given a new fd drops the old.
#include "SessionFdWatches.h"

#include <QTest>

#include <poll.h>
#include <unistd.h>

using namespace clonedeck;

namespace {
struct Calls
{
    int count = 0;
    int lastFd = -1;
    short lastEvents = 0;
};

int record(socket_t fd, int revents, void *userdata)
{
    auto *calls = static_cast<Calls *>(userdata);
    ++calls->count;
    calls->lastFd = fd;
    calls->lastEvents = short(revents);
    return 0;
}
} // namespace

class TestSessionFdWatches : public QObject
{
    Q_OBJECT
private slots:
    void closedStreamLeavesTheEvent();
    void newFdReplacesTheOld();
};

void TestSessionFdWatches::closedStreamLeavesTheEvent()
{
    ssh_event event = ssh_event_new();
    int output[2], quiet[2];
    QCOMPARE(::pipe(output), 0);
    QCOMPARE(::pipe(quiet), 0); // watched throughout, never ready: a poll waits its timeout out
    Calls calls;
    SessionFdWatches watches;
    watches.watch(event, SessionFdWatches::CommandEnd, quiet[0], POLLIN, true, record, &calls);
    watches.watch(event, SessionFdWatches::CommandOutput, output[0], POLLIN, true, record, &calls);
    QCOMPARE(::write(output[1], "x", 1), 1);
    QCOMPARE(ssh_event_dopoll(event, 1000), SSH_OK);
    QCOMPARE(calls.count, 1);
    QCOMPARE(calls.lastFd, output[0]);

    // The stream reads EOF and closes its end: its fd is -1 from now on.
    ::close(output[0]);
    ::close(output[1]);
    watches.watch(event, SessionFdWatches::CommandOutput, -1, POLLIN, false, record, &calls);
    calls = {};
    ssh_event_dopoll(event, 50); // only the quiet pipe is watched: it waits the 50 ms out
    QCOMPARE(calls.count, 0);    // with the closed fd still in: POLLNVAL at once, every pass
    watches.unwatchAll(event);
    ::close(quiet[0]);
    ::close(quiet[1]);
    ssh_event_free(event);
}

void TestSessionFdWatches::newFdReplacesTheOld()
{
    ssh_event event = ssh_event_new();
    int first[2], second[2];
    QCOMPARE(::pipe(first), 0);
    QCOMPARE(::pipe(second), 0);
    Calls calls;
    SessionFdWatches watches;
    watches.watch(event, SessionFdWatches::CommandEnd, first[1], 0, true, record,
                  &calls); // keeps a poll waiting
    watches.watch(event, SessionFdWatches::CommandErrors, first[0], POLLIN, true, record, &calls);
    watches.watch(event, SessionFdWatches::CommandErrors, second[0], POLLIN, true, record, &calls);
    QCOMPARE(::write(first[1], "x", 1), 1);
    ssh_event_dopoll(event, 50);
    QCOMPARE(calls.count, 0); // the first pipe is no longer watched
    QCOMPARE(::write(second[1], "y", 1), 1);
    QCOMPARE(ssh_event_dopoll(event, 1000), SSH_OK);
    QCOMPARE(calls.count, 1);
    QCOMPARE(calls.lastFd, second[0]);
    watches.unwatchAll(event);
    calls = {};
    ssh_event_dopoll(event, 50);
    QCOMPARE(calls.count, 0);
    for (int fd : {first[0], first[1], second[0], second[1]})
        ::close(fd);
    ssh_event_free(event);
}

QTEST_GUILESS_MAIN(TestSessionFdWatches)
#include "test_session_fd_watches.moc"
