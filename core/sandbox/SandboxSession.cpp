#include "SandboxSession.h"

#include "Log.h"
#include "SandboxDisk.h"

#include <QFile>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

namespace clonedeck {

struct SandboxSshServer::Connection
{
    SandboxEndpointSpec spec;
    ssh_session session = nullptr;
    ssh_channel channel = nullptr;
    ssh_event event = nullptr;
    std::thread thread;
    std::atomic<bool> stop{false};
    std::atomic<bool> finished{false};
    std::atomic<pid_t> pgid{0};
    bool authenticated = false;
    bool started = false;
    bool channelEof = false;
    bool channelClosed = false;
    int stdinFd = -1;
    bool stdinWatched = false;
    std::string stdinBuffer;
    int stdoutFd = -1;
    int stderrFd = -1;
    pid_t child = 0;
    std::vector<std::string> environment; // from `env` requests (LANG, LC_*)
    ssh_server_callbacks_struct serverCallbacks{};
    ssh_channel_callbacks_struct channelCallbacks{};
};

using Connection = SandboxSshServer::Connection;

namespace {

bool keyIsAuthorized(const QString &directory, ssh_key presented)
{
    QFile file(SandboxDisk::authorizedKeysPath(directory));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    while (!file.atEnd()) {
        const QList<QByteArray> fields = file.readLine().trimmed().split(' ');
        if (fields.size() < 2 || fields[0].startsWith('#'))
            continue;
        ssh_key key = nullptr;
        if (ssh_pki_import_pubkey_base64(fields[1].constData(), ssh_key_type_from_name(fields[0].constData()),
                                         &key) != SSH_OK)
            continue;
        const bool same = ssh_key_cmp(key, presented, SSH_KEY_CMP_PUBLIC) == 0;
        ssh_key_free(key);
        if (same)
            return true;
    }
    return false;
}

int onAuthPublicKey(ssh_session, const char *, ssh_key key, char signatureState, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    if (!keyIsAuthorized(c->spec.directory, key))
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
    if (c->channel)
        return nullptr; // one session channel per connection
    c->channel = ssh_channel_new(session);
    ssh_callbacks_init(&c->channelCallbacks);
    ssh_set_channel_callbacks(c->channel, &c->channelCallbacks);
    return c->channel;
}

void flushStdin(Connection *c);

int onStdinWritable(socket_t, int, void *userdata)
{
    flushStdin(static_cast<Connection *>(userdata));
    return 0;
}

void flushStdin(Connection *c)
{
    while (c->stdinFd >= 0 && !c->stdinBuffer.empty()) {
        const ssize_t n = ::write(c->stdinFd, c->stdinBuffer.data(), c->stdinBuffer.size());
        if (n > 0) {
            c->stdinBuffer.erase(0, size_t(n));
            continue;
        }
        if (n < 0 && errno == EAGAIN)
            break;
        c->stdinBuffer.clear(); // the command closed its stdin: what it did not read is dropped
        break;
    }
    const bool want = c->stdinFd >= 0 && !c->stdinBuffer.empty();
    if (want && !c->stdinWatched) {
        ssh_event_add_fd(c->event, c->stdinFd, POLLOUT, onStdinWritable, c);
        c->stdinWatched = true;
    } else if (!want && c->stdinWatched) {
        ssh_event_remove_fd(c->event, c->stdinFd);
        c->stdinWatched = false;
    }
    if (c->stdinFd >= 0 && c->stdinBuffer.empty() && c->channelEof) {
        ::close(c->stdinFd);
        c->stdinFd = -1;
    }
}

int onChannelData(ssh_session, ssh_channel, void *data, uint32_t length, int isStderr, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    if (isStderr || c->stdinFd < 0)
        return int(length);
    c->stdinBuffer.append(static_cast<const char *>(data), length);
    flushStdin(c);
    return int(length);
}

void onChannelEof(ssh_session, ssh_channel, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    c->channelEof = true;
    flushStdin(c);
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

int onOutput(socket_t fd, int revents, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    char buffer[65536];
    const ssize_t n = (revents & (POLLIN | POLLHUP | POLLERR)) ? ::read(fd, buffer, sizeof buffer) : -1;
    if (n > 0) {
        if (fd == c->stdoutFd)
            ssh_channel_write(c->channel, buffer, uint32_t(n));
        else
            ssh_channel_write_stderr(c->channel, buffer, uint32_t(n));
        return 0;
    }
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        ssh_event_remove_fd(c->event, fd);
        ::close(fd);
        (fd == c->stdoutFd ? c->stdoutFd : c->stderrFd) = -1;
    }
    return 0;
}

int onExecRequest(ssh_session, ssh_channel, const char *command, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    if (c->started)
        return 1;
    int in[2], out[2], err[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
        return 1;
    // Everything the child needs exists before fork(): after it, only async-signal-safe calls.
    const QByteArray dir = QFile::encodeName(c->spec.directory);
    std::vector<std::string> env{"HOME=" + dir.toStdString(),
                                 "USER=" + qEnvironmentVariable("USER", QStringLiteral("root")).toStdString(),
                                 "LOGNAME=" +
                                     qEnvironmentVariable("USER", QStringLiteral("root")).toStdString(),
                                 "SHELL=/bin/sh",
                                 "PATH=/usr/local/bin:/usr/bin:/bin",
                                 "CLONEDECK_DOMID=" + std::to_string(c->spec.domid),
                                 "CLONEDECK_VMID=" + std::to_string(c->spec.vmid),
                                 "CLONEDECK_TICKET=" + c->spec.ticket.toStdString()};
    for (const QString &key : c->spec.extraEnvironment.keys()) {
        std::string entry = key.toStdString() + "=" + c->spec.extraEnvironment.value(key).toStdString();
        auto existing = std::find_if(env.begin(), env.end(), [&](const std::string &e) {
            return e.rfind(key.toStdString() + "=", 0) == 0;
        });
        if (existing != env.end())
            *existing = entry;
        else
            env.push_back(entry);
    }
    env.insert(env.end(), c->environment.begin(), c->environment.end());
    std::vector<char *> envp;
    for (std::string &entry : env)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    std::string commandText(command);
    char shell[] = "/bin/sh";
    char dashC[] = "-c";
    char *argv[] = {shell, dashC, commandText.data(), nullptr};
    const pid_t parent = ::getpid();

    // vfork, not fork: clonedeckd has a thread and mappings per connection, and copying its
    // page tables for every agent started dominated a 200-agent fan-out (perf: dup_mmap).
    // The child only makes system calls on data prepared above, then execs or _exits.
    const pid_t pid = ::vfork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        ::setsid(); // its own process group: the session ends it as a whole
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(127);
        ::dup2(in[0], STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(err[1], STDERR_FILENO);
        ::signal(SIGPIPE, SIG_DFL);
        if (::chdir(dir.constData()) != 0)
            ::_exit(126);
        ::execve(argv[0], argv, envp.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    c->child = pid;
    c->pgid = pid;
    c->started = true;
    c->stdinFd = in[1];
    ::fcntl(c->stdinFd, F_SETFL, O_NONBLOCK);
    c->stdoutFd = out[0];
    c->stderrFd = err[0];
    ssh_event_add_fd(c->event, c->stdoutFd, POLLIN, onOutput, c);
    ssh_event_add_fd(c->event, c->stderrFd, POLLIN, onOutput, c);
    flushStdin(c);
    return 0;
}

void onSignalRequest(ssh_session, ssh_channel, const char *signal, void *userdata)
{
    auto *c = static_cast<Connection *>(userdata);
    static const std::pair<const char *, int> names[] = {
        {"TERM", SIGTERM}, {"KILL", SIGKILL}, {"INT", SIGINT},  {"HUP", SIGHUP},
        {"QUIT", SIGQUIT}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2}};
    for (const auto &[name, number] : names) {
        if (std::string(signal) == name && c->pgid > 0)
            ::kill(-c->pgid, number);
    }
}

void endProcessGroup(Connection *c)
{
    const pid_t group = c->pgid.exchange(0);
    if (group <= 0)
        return;
    ::kill(-group, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(1000);
    while (::kill(-group, 0) == 0 && std::chrono::steady_clock::now() < deadline) {
        if (c->child > 0 && ::waitpid(c->child, nullptr, WNOHANG) == c->child)
            c->child = 0;
        pollfd none{};
        ::poll(&none, 0, 5);
    }
    ::kill(-group, SIGKILL);
    if (c->child > 0)
        ::waitpid(c->child, nullptr, 0);
    c->child = 0;
}

void serve(Connection *c)
{
    ssh_session session = c->session;
    long timeout = 15;
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_callbacks_init(&c->serverCallbacks);
    c->serverCallbacks.userdata = c;
    c->serverCallbacks.auth_pubkey_function = onAuthPublicKey;
    c->serverCallbacks.channel_open_request_session_function = onChannelOpen;
    ssh_set_server_callbacks(session, &c->serverCallbacks);
    c->channelCallbacks.userdata = c;
    c->channelCallbacks.channel_data_function = onChannelData;
    c->channelCallbacks.channel_eof_function = onChannelEof;
    c->channelCallbacks.channel_close_function = onChannelClose;
    c->channelCallbacks.channel_env_request_function = onEnvRequest;
    c->channelCallbacks.channel_exec_request_function = onExecRequest;
    c->channelCallbacks.channel_shell_request_function = refuse;
    c->channelCallbacks.channel_pty_request_function = refusePty;
    c->channelCallbacks.channel_signal_function = onSignalRequest;

    if (ssh_handle_key_exchange(session) != SSH_OK) {
        spdlog::debug("sandbox VM {}: key exchange failed: {}", c->spec.domid, ssh_get_error(session));
        return;
    }
    ssh_set_auth_methods(session, SSH_AUTH_METHOD_PUBLICKEY);
    c->event = ssh_event_new();
    ssh_event_add_session(c->event, session);

    // Authentication and the exec request, within a deadline.
    const auto setupDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!c->started && !c->stop && !c->channelClosed && std::chrono::steady_clock::now() < setupDeadline) {
        if (ssh_event_dopoll(c->event, 100) == SSH_ERROR || !ssh_is_connected(session))
            break;
    }
    bool exitSent = false;
    while (c->started && !c->stop) {
        if (ssh_event_dopoll(c->event, 100) == SSH_ERROR)
            break;
        if (c->channelClosed || !ssh_is_connected(session))
            break; // the client went away: its command goes too
        if (c->stdoutFd < 0 && c->stderrFd < 0 && c->child > 0) {
            int status = 0;
            const pid_t done = ::waitpid(c->child, &status, WNOHANG);
            if (done == c->child) {
                c->child = 0;
                if (WIFSIGNALED(status))
                    ssh_channel_request_send_exit_signal(
                        c->channel, strsignal(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "KILL", 0,
                        "", "");
                else
                    ssh_channel_request_send_exit_status(c->channel, WEXITSTATUS(status));
                ssh_channel_send_eof(c->channel);
                ssh_channel_close(c->channel);
                exitSent = true;
                break;
            }
        }
    }
    if (exitSent) {
        // Let the client read the status and close its side, briefly.
        const auto drain = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (!c->channelClosed && ssh_is_connected(session) && std::chrono::steady_clock::now() < drain)
            ssh_event_dopoll(c->event, 50);
    }
}

} // namespace

std::shared_ptr<Connection> startConnection(ssh_session session, const SandboxEndpointSpec &spec)
{
    auto connection = std::make_shared<Connection>();
    connection->spec = spec;
    connection->session = session;
    Connection *c = connection.get();
    connection->thread = std::thread([c] {
        serve(c);
        endProcessGroup(c);
        for (int *fd : {&c->stdinFd, &c->stdoutFd, &c->stderrFd}) {
            if (*fd >= 0) {
                if (c->event)
                    ssh_event_remove_fd(c->event, *fd);
                ::close(*fd);
                *fd = -1;
            }
        }
        if (c->event) {
            ssh_event_remove_session(c->event, c->session);
            ssh_event_free(c->event);
            c->event = nullptr;
        }
        if (c->channel)
            ssh_channel_free(c->channel);
        c->channel = nullptr;
        ssh_disconnect(c->session);
        ssh_free(c->session);
        c->session = nullptr;
        c->finished = true;
    });
    return connection;
}

int connectionDomid(const Connection &connection)
{
    return connection.spec.domid;
}

bool isFinished(const Connection &connection)
{
    return connection.finished;
}

void requestStop(Connection &connection)
{
    connection.stop = true;
    const pid_t group = connection.pgid.load();
    if (group > 0)
        ::kill(-group, SIGTERM);
}

void killProcesses(Connection &connection)
{
    const pid_t group = connection.pgid.load();
    if (group > 0)
        ::kill(-group, SIGKILL);
}

void joinConnection(Connection &connection)
{
    if (connection.thread.joinable())
        connection.thread.join();
}

} // namespace clonedeck
