#include "OpenSshServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHash>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace clonedeck::test {

namespace {
const QString kSshd = QStringLiteral("/usr/sbin/sshd");

bool run(const QString &program, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        *error = QStringLiteral("%1 failed: %2")
                     .arg(program, QString::fromLocal8Bit(process.readAllStandardError()));
        return false;
    }
    return true;
}
} // namespace

QList<qint64> descendantsOf(qint64 root)
{
    QHash<qint64, QList<qint64>> children;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const qsizetype close = text.lastIndexOf(')'); // the command name may hold spaces
        const QList<QByteArray> fields = text.mid(close + 2).split(' ');
        if (fields.size() > 1)
            children[fields[1].toLongLong()].append(pid);
    }
    QList<qint64> result;
    QList<qint64> queue{root};
    while (!queue.isEmpty()) {
        const qint64 pid = queue.takeFirst();
        for (qint64 child : children.value(pid)) {
            result.append(child);
            queue.append(child);
        }
    }
    return result;
}

QString OpenSshServer::generateKey(const QString &dir, const QString &name)
{
    const QString path = QDir(dir).filePath(name);
    QString error;
    if (!run(QStringLiteral("ssh-keygen"),
             {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
              QString(), QStringLiteral("-C"), name, QStringLiteral("-f"), path},
             &error))
        return QString();
    return path;
}

QString OpenSshServer::currentUser()
{
    const passwd *entry = ::getpwuid(::getuid());
    return entry != nullptr ? QString::fromLocal8Bit(entry->pw_name) : QString();
}

quint16 OpenSshServer::freePort(const QString &address)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in in{};
    in.sin_family = AF_INET;
    ::inet_pton(AF_INET, address.toLatin1().constData(), &in.sin_addr);
    socklen_t length = sizeof in;
    quint16 port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&in), sizeof in) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&in), &length) == 0)
        port = ntohs(in.sin_port);
    ::close(fd);
    return port;
}

OpenSshServer::OpenSshServer(const QString &address, const OpenSshServer *hostKeyFrom)
    : m_address(address)
{
    if (!m_dir.isValid()) {
        m_errorString = QStringLiteral("no temporary directory");
        return;
    }
    if (hostKeyFrom != nullptr) {
        if (!QFile::copy(hostKeyFrom->hostKeyFile(), hostKeyFile()) ||
            !QFile::copy(hostKeyFrom->hostPublicKeyFile(), hostPublicKeyFile())) {
            m_errorString = QStringLiteral("cannot copy the host key");
            return;
        }
        QFile::setPermissions(hostKeyFile(), QFile::ReadOwner | QFile::WriteOwner);
    } else if (generateKey(m_dir.path(), QStringLiteral("host_ed25519")).isEmpty()) {
        m_errorString = QStringLiteral("ssh-keygen failed");
        return;
    }
    QFile keys(m_dir.filePath(QStringLiteral("authorized_keys")));
    keys.open(QIODevice::WriteOnly);
    m_port = freePort(address);
    if (m_port == 0)
        m_errorString = QStringLiteral("no free port on %1").arg(address);
    else
        writeConfig();
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setReadChannel(QProcess::StandardError); // sshd -e logs there; waitForReadyRead follows it
}

OpenSshServer::~OpenSshServer()
{
    stop();
}

bool OpenSshServer::writeConfig()
{
    if (!QDir(m_dir.path()).mkpath(QStringLiteral("home"))) {
        m_errorString = QStringLiteral("cannot create %1/home").arg(m_dir.path());
        return false;
    }
    QFile config(m_dir.filePath(QStringLiteral("sshd_config")));
    if (!config.open(QIODevice::WriteOnly)) {
        m_errorString = config.errorString();
        return false;
    }
    const QString text = QStringLiteral("ListenAddress %1:%2\n"
                                        "HostKey %3\n"
                                        "PidFile %4/sshd.pid\n"
                                        "AuthorizedKeysFile %4/authorized_keys\n"
                                        "UsePAM no\n"
                                        "StrictModes no\n"
                                        "PasswordAuthentication no\n"
                                        "KbdInteractiveAuthentication no\n"
                                        "PubkeyAuthentication yes\n"
                                        "PermitRootLogin prohibit-password\n"
                                        "MaxStartups 200\n"
                                        "MaxSessions 50\n"
                                        "PrintMotd no\n"
                                        "LogLevel INFO\n"
                                        // An empty home: sshd runs commands through the
                                        // user's shell, and a developer's ~/.bashrc (pyenv
                                        // init took 4.5 s per session here) would time the
                                        // shell instead of the session.
                                        "SetEnv HOME=%4/home\n")
                             .arg(m_address)
                             .arg(m_port)
                             .arg(hostKeyFile(), m_dir.path());
    config.write(text.toUtf8());
    return true;
}

bool OpenSshServer::authorize(const QString &publicKeyFile)
{
    QFile source(publicKeyFile);
    QFile keys(m_dir.filePath(QStringLiteral("authorized_keys")));
    if (!source.open(QIODevice::ReadOnly) || !keys.open(QIODevice::Append))
        return false;
    keys.write(source.readAll());
    return true;
}

bool OpenSshServer::start()
{
    // Root's sshd insists on its privilege-separation directory, which Debian creates only
    // when the ssh service starts.
    if (::geteuid() == 0)
        ::mkdir("/run/sshd", 0755);
    m_log.clear();
    m_process.start(kSshd, {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                            m_dir.filePath(QStringLiteral("sshd_config"))});
    return m_process.waitForStarted(10000);
}

bool OpenSshServer::waitListening(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        m_log += QString::fromLocal8Bit(m_process.readAllStandardError());
        if (m_log.contains(QStringLiteral("Server listening on")))
            return true;
        if (m_process.state() == QProcess::NotRunning)
            return false;
        m_process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    return false;
}

void OpenSshServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    // Per-connection sshd children call setsid(), so a process group would miss them: walk
    // the tree and kill every descendant by pid, then sshd itself.
    const qint64 root = m_process.processId();
    const QList<qint64> tree = descendantsOf(root);
    ::kill(pid_t(root), SIGKILL);
    for (qint64 pid : tree)
        ::kill(pid_t(pid), SIGKILL);
    m_process.waitForFinished(5000);
    m_log += QString::fromLocal8Bit(m_process.readAllStandardError());
}

} // namespace clonedeck::test
