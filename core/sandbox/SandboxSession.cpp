#include "SandboxSession.h"

#include "AuthorizedKeys.h"
#include "ChannelInput.h"
#include "ChannelOutput.h"
#include "Log.h"
#include "SandboxCommand.h"
#include "SandboxDisk.h"
#include "SandboxVmInitHolder.h"
#include "SessionFdWatches.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <openssl/crypto.h>

#include <csignal>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

namespace clonedeck {

// libssh calls back from inside its own calls (ssh_channel_write may poll the session), so
// every callback here only records or buffers; the serve loop acts, and only it changes
// which fds the event watches.
struct SandboxSshServer::Connection
{
    SandboxEndpointSpec spec;
    ssh_session session = nullptr;
    std::mutex socketMutex; // socketFd is -1 once libssh has closed it (the number may be reused)
    int socketFd = -1;
    ssh_channel channel = nullptr;
    ssh_event event = nullptr;
    std::thread thread;
    std::function<void()> finishedCallback;
    std::atomic<bool> stop{false};
    std::atomic<bool> finished{false};
    std::atomic<bool> authenticated{false};
    std::atomic<pid_t> pgid{0}; // while a command runs: its process group, or (confined) the VM's init
    std::shared_ptr<SandboxVmInitHolder> vmInit;
    std::string startError; // why the exec'd command could not start, told to the client
    bool channelClosed = false;
    std::string commandText;
    bool execRequested = false;
    std::vector<std::string> environment; // from `env` requests (LANG, LC_*)
    std::mutex commandMutex;              // `command` is signalled from other threads (killProcesses)
    SandboxCommand command;
    ChannelInput input;
    ChannelOutput output{false};
    ChannelOutput errors{true};
    SessionFdWatches watches;           // the streams' fds in the event
    ssh_counter_struct socketCounter{}; // bytes libssh has read from the client's socket
    ssh_server_callbacks_struct serverCallbacks{};
    ssh_channel_callbacks_struct channelCallbacks{};
};

using Connection = SandboxSshServer::Connection;

namespace {

// The VM's own authorized_keys (its guest may write anything there: bad lines are skipped),
// then the platform's operator keys, read again at every authentication so that a key taken
// out of the file stops working for the next session without a restart.
bool keyIsAuthorized(const SandboxEndpointSpec &spec, ssh_key presented)
{
    const QByteArray sha256 = AuthorizedKeys::sha256Of(presented);
    if (sha256.isEmpty())
        return false;
    const auto own = SandboxDisk::readAuthorizedKeys(spec.directory);
    if (own && AuthorizedKeys::parseLeniently(*own).contains(sha256))
        return true;
    if (spec.operatorKeysFile.isEmpty())
        return false;
    const auto operators = AuthorizedKeys::load(spec.operatorKeysFile);
    if (!operators) // an operator's mistake refuses every operator key until fixed, never more
        spdlog::error("operator keys refused: {}", operators.error().toString());
    return operators && operators->contains(sha256);
}

int onAuthPublicKey(ssh_session, const char *, ssh_key key, char signatureState, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    if (!keyIsAuthorized(c->spec, key))
        return SSH_AUTH_DENIED;
    if (signatureState == SSH_PUBLICKEY_STATE_NONE)
        return SSH_AUTH_SUCCESS; // "this key would do": the client signs next
    if (signatureState != SSH_PUBLICKEY_STATE_VALID)
        return SSH_AUTH_DENIED;
    c->authenticated = true;
    return SSH_AUTH_SUCCESS;
}

ssh_channel onChannelOpen(ssh_session session, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    if (c->channel || !c->authenticated)
        return nullptr; // one session channel per connection
    c->channel = ssh_channel_new(session);
    ssh_callbacks_init(&c->channelCallbacks);
    ssh_set_channel_callbacks(c->channel, &c->channelCallbacks);
    return c->channel;
}

int onChannelData(ssh_session, ssh_channel, void *data, uint32_t length, int isStderr, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    if (isStderr)
        return int(length); // a client's extended data has nowhere to go
    return int(c->input.offer(static_cast<const char *>(data), length));
}

void onChannelEof(ssh_session, ssh_channel, void *userdata)
{
    static_cast<Connection *>(userdata)->input.endOfInput();
}

void onChannelClose(ssh_session, ssh_channel, void *userdata)
{
    static_cast<Connection *>(userdata)->channelClosed = true;
}

int onEnvRequest(ssh_session, ssh_channel, const char *name, const char *value, void *userdata)
{
    const std::string key(name);
    if (key == "LANG" || key.rfind("LC_", 0) == 0) {
        static_cast<Connection *>(userdata)->environment.push_back(key + "=" + value);
        return 0;
    }
    return 1; // refused, as OpenSSH's AcceptEnv does
}

int refuse(ssh_session, ssh_channel, void *)
{
    return 1; // no shell and no pty: sandbox VMs run commands only (docs/protocol.md)
}

int refusePty(ssh_session, ssh_channel, const char *, int, int, int, int, void *)
{
    return 1;
}

int onExecRequest(ssh_session, ssh_channel, const char *command, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    if (c->execRequested)
        return 1;
    if (c->spec.openXenstoreEndpoint) {
        // Bound on this thread without waiting for the daemon's loop (it serves the socket later).
        if (auto opened = c->spec.openXenstoreEndpoint(); !opened) {
            spdlog::error("sandbox VM {}: cannot open its xenstore endpoint: {}", c->spec.domid,
                          opened.error().toString());
            return 1;
        }
    }
    auto started = SandboxCommand::start(c->spec, command, c->environment, *c->vmInit);
    if (!started) {
        const Error &error = started.error();
        spdlog::error("sandbox VM {}: cannot run a command: {}", c->spec.domid, error.toString());
        c->startError = "clonedeck: cannot run the command: " + error.message.toStdString() + "\n";
        c->execRequested = true; // accepted, so that the client reads why, with exit status 255
        return 0;
    }
    std::lock_guard lock(c->commandMutex);
    c->command = std::move(started).value();
    c->pgid = c->command.pid() > 0 ? c->command.pid() : c->vmInit->pid(); // the root of what runs
    c->input.attach(PipeEnd(c->command.takeStdin()));
    c->output.attach(PipeEnd(c->command.takeStdout()));
    c->errors.attach(PipeEnd(c->command.takeStderr()));
    c->execRequested = true; // the serve loop watches its fds from now on
    return 0;
}

void onSignalRequest(ssh_session, ssh_channel, const char *signal, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    static const std::pair<const char *, int> names[] = {
        {"TERM", SIGTERM}, {"KILL", SIGKILL}, {"INT", SIGINT},  {"HUP", SIGHUP},
        {"QUIT", SIGQUIT}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2}};
    std::lock_guard lock(c->commandMutex);
    for (const auto &[name, number] : names) {
        if (std::string(signal) == name)
            c->command.signal(number);
    }
}

// Only wakes the event loop; the serve loop looks at every stream after each wake.
int onFdReady(socket_t, int, void *)
{
    return 0;
}

int onWriteWontBlock(ssh_session, ssh_channel, uint32_t, void *)
{
    return 0; // libssh's socket buffer drained: the serve loop's next pass reads output again
}

void watch(Connection *c, SessionFdWatches::Stream stream, int fd, short events, bool wanted)
{
    c->watches.watch(c->event, stream, fd, events, wanted, onFdReady, c);
}

void sendExit(Connection *c, int status)
{
    if (WIFSIGNALED(status)) {
        const char *name = sigabbrev_np(WTERMSIG(status));
        ssh_channel_request_send_exit_signal(c->channel, name ? name : "KILL", 0, "", "");
    } else {
        ssh_channel_request_send_exit_status(c->channel, WEXITSTATUS(status));
    }
    ssh_channel_send_eof(c->channel);
    ssh_channel_close(c->channel);
}

void installCallbacks(Connection *c)
{
    ssh_callbacks_init(&c->serverCallbacks);
    c->serverCallbacks.userdata = c;
    c->serverCallbacks.auth_pubkey_function = onAuthPublicKey;
    c->serverCallbacks.channel_open_request_session_function = onChannelOpen;
    ssh_set_server_callbacks(c->session, &c->serverCallbacks);
    c->channelCallbacks.userdata = c;
    c->channelCallbacks.channel_data_function = onChannelData;
    c->channelCallbacks.channel_eof_function = onChannelEof;
    c->channelCallbacks.channel_close_function = onChannelClose;
    c->channelCallbacks.channel_env_request_function = onEnvRequest;
    c->channelCallbacks.channel_exec_request_function = onExecRequest;
    c->channelCallbacks.channel_shell_request_function = refuse;
    c->channelCallbacks.channel_pty_request_function = refusePty;
    c->channelCallbacks.channel_signal_function = onSignalRequest;
    c->channelCallbacks.channel_write_wontblock_function = onWriteWontBlock;
}

// libssh reads the client's socket 4 KiB per poll event (MAX_BUF_SIZE in libssh 0.10), so a
// loop pass per event moved stdin 4 KiB at a time, with two pipe reads and a poll around each:
// 50 MB through `cat` took 17-22 s (OpenSSH's client as slow as clonectl, clonedeckd at 2 % of
// a CPU, the rest waiting for the scheduler between passes). Reading on while the socket
// yields bytes takes what has arrived in one pass; the client's window still bounds it, and
// what the command does not take stays in libssh (ChannelInput), so memory stays bounded.
bool drainSocket(Connection *c)
{
    constexpr int kPasses = 64; // at most 256 KiB more per pass of the serve loop
    for (int pass = 0; pass < kPasses && !c->channelClosed && !c->input.overrun(); ++pass) {
        const uint64_t before = c->socketCounter.in_bytes;
        const int rc = ssh_event_dopoll(c->event, 0);
        if (rc == SSH_ERROR)
            return false;
        if (rc == SSH_AGAIN || c->socketCounter.in_bytes == before)
            break;
    }
    return true;
}

// The command runs: pump both ways until it has ended and all its output is sent. Returns
// nullptr once its exit status was sent, otherwise why the session ends without one (logged:
// the client only sees its connection closed).
const char *pumpUntilExit(Connection *c)
{
    int status = -1;
    while (!c->stop) {
        watch(c, SessionFdWatches::CommandInput, c->input.fd(), POLLOUT, c->input.wantsWritable());
        watch(c, SessionFdWatches::CommandOutput, c->output.fd(), POLLIN,
              c->output.wantsReadable(c->session, c->channel));
        watch(c, SessionFdWatches::CommandErrors, c->errors.fd(), POLLIN,
              c->errors.wantsReadable(c->session, c->channel));
        watch(c, SessionFdWatches::CommandEnd, c->command.pidfd(), POLLIN, status < 0);
        // The timeout is only a safety net: every state change arrives as an fd event.
        if (ssh_event_dopoll(c->event, 1000) == SSH_ERROR || !drainSocket(c))
            return "libssh failed to poll the session";
        if (c->channelClosed)
            return "the client closed the channel"; // the client went away: its command goes too
        if (!ssh_is_connected(c->session))
            return "the client disconnected";
        c->input.pump(c->channel);
        if (c->input.overrun())
            return "the client sent beyond its window";
        if (!c->output.pump(c->session, c->channel) || !c->errors.pump(c->session, c->channel))
            return "libssh failed to send the command's output";
        if (status < 0) {
            std::lock_guard lock(c->commandMutex);
            if ((status = c->command.reap()) >= 0)
                c->pgid = 0; // reaped: its number may be reused
        }
        if (status >= 0 && c->output.finished() && c->errors.finished()) {
            // Nothing of the command is left to watch while the client closes its side: its
            // closed pipes would poll POLLNVAL and its reaped pidfd readable, every time.
            c->watches.unwatchAll(c->event);
            sendExit(c, status);
            return nullptr;
        }
    }
    return "stopped: the VM ends or clonedeckd stops";
}

void serve(Connection *c)
{
    long timeout = 15; // the key exchange; afterwards the session is non-blocking
    ssh_options_set(c->session, SSH_OPTIONS_TIMEOUT, &timeout);
    installCallbacks(c);
    if (ssh_handle_key_exchange(c->session) != SSH_OK) {
        spdlog::debug("sandbox VM {}: key exchange failed: {}", c->spec.domid, ssh_get_error(c->session));
        return;
    }
    ssh_set_blocking(c->session, 0);
    ssh_set_counters(c->session, &c->socketCounter, nullptr);
    ssh_set_auth_methods(c->session, SSH_AUTH_METHOD_PUBLICKEY);
    c->event = ssh_event_new();
    ssh_event_add_session(c->event, c->session);

    // Authentication and the exec request, within a deadline.
    const auto setupDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!c->execRequested && !c->stop && !c->channelClosed &&
           std::chrono::steady_clock::now() < setupDeadline) {
        if (ssh_event_dopoll(c->event, 100) == SSH_ERROR || !ssh_is_connected(c->session))
            return;
    }
    if (!c->execRequested)
        return;
    if (!c->startError.empty()) {
        ssh_channel_write_stderr(c->channel, c->startError.data(), uint32_t(c->startError.size()));
        sendExit(c, 255 << 8);
    } else if (const char *why = pumpUntilExit(c)) {
        spdlog::info("sandbox VM {}: a session ends before its command: {} ({})", c->spec.domid, why,
                     ssh_get_error(c->session));
        return;
    }
    // Let the client read the status and close its side, briefly.
    const auto drain = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!c->channelClosed && !c->stop && ssh_is_connected(c->session) &&
           std::chrono::steady_clock::now() < drain) {
        if (ssh_event_dopoll(c->event, 50) == SSH_ERROR)
            break;
    }
}

void finish(Connection *c)
{
    c->pgid = 0; // from here on nobody else signals the group
    SandboxCommand ending = [c] {
        std::lock_guard lock(c->commandMutex);
        return std::move(c->command);
    }();
    ending.end(1000); // TERM, then KILL after a second; its PID namespace goes with it
    if (c->event) {
        c->watches.unwatchAll(c->event);
        ssh_event_remove_session(c->event, c->session);
        ssh_event_free(c->event);
        c->event = nullptr;
    }
    if (c->channel)
        ssh_channel_free(c->channel);
    c->channel = nullptr;
    std::lock_guard lock(c->socketMutex);
    c->socketFd = -1;
    ssh_disconnect(c->session);
    ssh_free(c->session);
    c->session = nullptr;
}

} // namespace

std::shared_ptr<Connection> startConnection(ssh_session session, const SandboxEndpointSpec &spec,
                                            std::shared_ptr<SandboxVmInitHolder> vmInit,
                                            std::function<void()> finished)
{
    auto connection = std::make_shared<Connection>();
    connection->spec = spec;
    connection->vmInit = std::move(vmInit);
    connection->session = session;
    connection->socketFd = ssh_get_fd(session);
    connection->finishedCallback = std::move(finished);
    Connection *c = connection.get();
    try {
        connection->thread = std::thread([c] {
            // A write to a command's closed stdin fails with EPIPE instead of killing the daemon.
            sigset_t pipe;
            sigemptyset(&pipe);
            sigaddset(&pipe, SIGPIPE);
            pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
            serve(c);
            finish(c);
            // OpenSSL's per-thread random generator (the key exchange made it) is not freed when a
            // std::thread ends: without this every connection leaked it (LeakSanitizer).
            OPENSSL_thread_stop();
            c->finished = true;
            c->finishedCallback();
        });
    } catch (const std::system_error &error) {
        // No thread (RLIMIT_NPROC, memory): refused like any connection over the limits.
        spdlog::warn("sandbox VM {}: cannot serve a connection: {}", spec.domid, error.what());
        return nullptr;
    }
    return connection;
}

int connectionDomid(const Connection &connection)
{
    return connection.spec.domid;
}

pid_t commandPid(const Connection &connection)
{
    return connection.pgid.load();
}

bool isFinished(const Connection &connection)
{
    return connection.finished;
}

bool isAuthenticated(const Connection &connection)
{
    return connection.authenticated;
}

void requestStop(Connection &connection)
{
    connection.stop = true;
    std::lock_guard lock(connection.socketMutex);
    if (connection.socketFd >= 0)
        ::shutdown(connection.socketFd, SHUT_RDWR); // wakes its poll, even inside the key exchange
}

void killProcesses(Connection &connection)
{
    std::lock_guard lock(connection.commandMutex);
    connection.command.signal(SIGKILL);
}

void joinConnection(Connection &connection)
{
    if (connection.thread.joinable())
        connection.thread.join();
}

} // namespace clonedeck
