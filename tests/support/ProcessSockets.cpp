#include "ProcessSockets.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>

namespace clonedeck::test {

int connectionsTo(const QString &socketPath, pid_t pid)
{
    // The process's sockets, by inode: /proc/<pid>/fd/N -> "socket:[inode]".
    QSet<QString> own;
    const QString fdDir = QStringLiteral("/proc/%1/fd").arg(pid);
    for (const QString &fd : QDir(fdDir).entryList(QDir::NoDotAndDotDot | QDir::System | QDir::Files)) {
        const QString target = QFile::symLinkTarget(fdDir + QLatin1Char('/') + fd);
        static const QRegularExpression socket(QStringLiteral("socket:\\[(\\d+)\\]"));
        if (const auto match = socket.match(target); match.hasMatch())
            own.insert(match.captured(1));
    }
    // Every unix stream with its local address and peer: `u_str ESTAB 0 0 <path> <inode> * <peer inode>`.
    QProcess ss;
    ss.start(QStringLiteral("ss"), {QStringLiteral("-xn")});
    if (!ss.waitForFinished(10000) || ss.exitCode() != 0)
        return -1;
    int connections = 0;
    for (const QByteArray &line : ss.readAllStandardOutput().split('\n')) {
        const QStringList fields = QString::fromLocal8Bit(line).simplified().split(QLatin1Char(' '));
        // The server's side of each connection names the socket's path; its peer is the client.
        if (fields.size() >= 8 && fields[4] == socketPath && own.contains(fields[7]))
            ++connections;
    }
    return connections;
}

int openDescriptors(pid_t pid)
{
    return int(QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                   .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
                   .size());
}

} // namespace clonedeck::test
