#pragma once

// A stock OpenSSH sshd for tests: its own host key, authorized_keys and sshd_config in a
// private temporary directory, listening on a given loopback address and a free port, run
// in the foreground (-D -e). stop() (and the destructor) kill sshd and every process it
// spawned, by pid, so a failing test leaves nothing behind.
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace clonedeck::test {

class OpenSshServer
{
public:
    // Generates a fresh ed25519 host key unless hostKeyFrom names another server's key to share
    // (a clone presents its master's key).
    explicit OpenSshServer(const QString &address, const OpenSshServer *hostKeyFrom = nullptr);
    ~OpenSshServer();
    OpenSshServer(const OpenSshServer &) = delete;
    OpenSshServer &operator=(const OpenSshServer &) = delete;

    bool isValid() const { return m_errorString.isEmpty(); }
    QString errorString() const { return m_errorString; }

    // Adds a public key line to authorized_keys.
    bool authorize(const QString &publicKeyFile);
    // Starts sshd without waiting (safe to call from a QTimer).
    bool start();
    // Waits, with a deadline, until sshd logs that it listens.
    bool waitListening(int timeoutMs = 10000);
    bool startAndWait(int timeoutMs = 10000) { return start() && waitListening(timeoutMs); }
    void stop();

    QString address() const { return m_address; }
    quint16 port() const { return m_port; }
    QString directory() const { return m_dir.path(); }
    QString hostKeyFile() const { return m_dir.filePath(QStringLiteral("host_ed25519")); }
    QString hostPublicKeyFile() const { return hostKeyFile() + QStringLiteral(".pub"); }
    qint64 pid() const { return m_process.processId(); }
    QString log() const { return m_log; }

    // A key pair under dir (no passphrase); returns the private key path, or empty on failure.
    static QString generateKey(const QString &dir, const QString &name);
    // The current user's name, to log in as.
    static QString currentUser();
    // A port that is free on address right now.
    static quint16 freePort(const QString &address);

private:
    bool writeConfig();

    QTemporaryDir m_dir;
    QString m_address;
    quint16 m_port = 0;
    QProcess m_process;
    QString m_log;
    QString m_errorString;
};

// Pids of every living descendant of pid (children, their children, ...).
QList<qint64> descendantsOf(qint64 pid);

} // namespace clonedeck::test
