#include "ConnectionUri.h"

#include <QUrl>

namespace clonedeck {

namespace {
Error invalid(const QString &text, const QString &why)
{
    return Error{EINVAL, text,
                 why + QStringLiteral(" (expected unix:///path/to/socket or "
                                      "ssh://[user@]host[:port]/path/to/socket)")};
}

QString bracketed(const QString &host)
{
    return host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
}
} // namespace

ConnectionUri ConnectionUri::local(const QString &socketPath)
{
    ConnectionUri uri;
    uri.scheme = Unix;
    uri.path = socketPath;
    return uri;
}

Result<ConnectionUri> ConnectionUri::parse(const QString &text)
{
    if (text.startsWith(QLatin1Char('/')))
        return local(text);
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return invalid(text, QStringLiteral("not a URI: ") + url.errorString());
    if (url.hasQuery() || url.hasFragment() || !url.password().isEmpty())
        return invalid(text, QStringLiteral("no query, fragment or password may be given"));
    ConnectionUri uri;
    uri.path = url.path(QUrl::FullyDecoded);
    if (!uri.path.startsWith(QLatin1Char('/')) || uri.path.size() < 2)
        return invalid(text, QStringLiteral("the socket path must be absolute"));
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("unix")) {
        if (!url.host().isEmpty() || !url.userName().isEmpty() || url.port() != -1)
            return invalid(text, QStringLiteral("a unix URI names no host (three slashes: unix:///path)"));
        uri.scheme = Unix;
        return uri;
    }
    if (scheme != QLatin1String("ssh"))
        return invalid(text, QStringLiteral("unknown scheme \"%1\"").arg(scheme));
    uri.scheme = Ssh;
    uri.host = url.host(QUrl::FullyDecoded);
    uri.user = url.userName(QUrl::FullyDecoded);
    if (uri.host.isEmpty())
        return invalid(text, QStringLiteral("an ssh URI needs a host"));
    const int port = url.port(kDefaultSshPort);
    if (port <= 0 || port > 65535)
        return invalid(text, QStringLiteral("bad port"));
    uri.port = quint16(port);
    return uri;
}

QString ConnectionUri::toString() const
{
    if (scheme == Unix)
        return QStringLiteral("unix://") + path;
    QString text = QStringLiteral("ssh://");
    if (!user.isEmpty())
        text += user + QLatin1Char('@');
    text += bracketed(host);
    if (port != kDefaultSshPort)
        text += QLatin1Char(':') + QString::number(port);
    return text + path;
}

QString ConnectionUri::displayName() const
{
    if (scheme == Unix)
        return QStringLiteral("local");
    QString name = user.isEmpty() ? bracketed(host) : user + QLatin1Char('@') + bracketed(host);
    if (port != kDefaultSshPort)
        name += QLatin1Char(':') + QString::number(port);
    return name;
}

} // namespace clonedeck
