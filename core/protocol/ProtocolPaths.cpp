#include "ProtocolPaths.h"

#include <QRegularExpression>

namespace clonedeck::protocol {

namespace {
const QString kRoot = QStringLiteral("/clonedeck");

bool matchesWhole(const QString &text, const QRegularExpression &pattern)
{
    return pattern.match(text).hasMatch();
}
} // namespace

QString root()
{
    return kRoot;
}
QString platformPath()
{
    return kRoot + QStringLiteral("/platform");
}
QString hostsPath()
{
    return kRoot + QStringLiteral("/hosts");
}
QString hostPath(const QString &host)
{
    return hostsPath() + QLatin1Char('/') + host;
}
QString ticketsPath()
{
    return kRoot + QStringLiteral("/tickets");
}
QString ticketPath(const QString &ticket)
{
    return ticketsPath() + QLatin1Char('/') + ticket;
}
QString ticketClonesPath(const QString &ticket)
{
    return ticketPath(ticket) + QStringLiteral("/clones");
}
QString ticketReportsPath(const QString &ticket)
{
    return ticketPath(ticket) + QStringLiteral("/reports");
}
QString ticketClonePath(const QString &ticket, int vmid)
{
    return ticketClonesPath(ticket) + QLatin1Char('/') + QString::number(vmid);
}
QString ticketReportPath(const QString &ticket, int vmid)
{
    return ticketReportsPath(ticket) + QLatin1Char('/') + QString::number(vmid);
}
QString domainsPath()
{
    return kRoot + QStringLiteral("/domains");
}
QString domainPath(int domid)
{
    return domainsPath() + QLatin1Char('/') + QString::number(domid);
}
QString usagePath()
{
    return kRoot + QStringLiteral("/usage");
}
QString domainUsagePath(int domid)
{
    return usagePath() + QLatin1Char('/') + QString::number(domid);
}
QString domainProtocolPath(int domid)
{
    return localDomainPath(domid) + QStringLiteral("/clonedeck");
}
QString domainNamePath(int domid)
{
    return localDomainPath(domid) + QStringLiteral("/name");
}
QString domainIdPath(int domid)
{
    return localDomainPath(domid) + QStringLiteral("/domid");
}
QString repliesPath(int domid)
{
    return domainProtocolPath(domid) + QStringLiteral("/replies");
}
QString replyPath(int domid, const QString &requestId)
{
    return repliesPath(domid) + QLatin1Char('/') + requestId;
}
QString localDomainPath(int domid)
{
    return QStringLiteral("/local/domain/") + QString::number(domid);
}
QString requestsPath(int domid)
{
    return domainProtocolPath(domid) + QStringLiteral("/requests");
}
QString localDomainsPath()
{
    return QStringLiteral("/local/domain");
}
QString requestPath(int domid, const QString &requestId)
{
    return requestsPath(domid) + QLatin1Char('/') + requestId;
}
QString ownDomainIdPath()
{
    return QStringLiteral("domid");
}
QString ownRequestPath(const QString &requestId)
{
    return QStringLiteral("clonedeck/requests/") + requestId;
}
QString ownReplyPath(const QString &requestId)
{
    return QStringLiteral("clonedeck/replies/") + requestId;
}

bool isValidRequestId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("\\A[A-Za-z0-9_-]{1,40}\\z"));
    return matchesWhole(id, pattern);
}

bool isValidTicketId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("\\At[1-9][0-9]{0,9}\\z"));
    return matchesWhole(id, pattern);
}

bool isValidHostName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("\\A[a-z0-9][a-z0-9-]{0,31}\\z"));
    return matchesWhole(name, pattern);
}

std::optional<int> parseDomid(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("\\A(0|[1-9][0-9]{0,4})\\z"));
    if (!matchesWhole(text, pattern))
        return std::nullopt;
    const int domid = text.toInt();
    if (domid > kMaxDomid)
        return std::nullopt;
    return domid;
}

std::optional<RequestLocation> parseRequestPath(const QString &path)
{
    static const QString prefix = QStringLiteral("/local/domain/");
    if (!path.startsWith(prefix))
        return std::nullopt;
    const QStringList parts = path.mid(prefix.size()).split(QLatin1Char('/'));
    // <domid>/clonedeck/requests/<id>
    if (parts.size() != 4 || parts[1] != QLatin1String("clonedeck") || parts[2] != QLatin1String("requests"))
        return std::nullopt;
    const auto domid = parseDomid(parts[0]);
    if (!domid || !isValidRequestId(parts[3]))
        return std::nullopt;
    return RequestLocation{*domid, parts[3]};
}

PlatformNode classify(const QString &path)
{
    PlatformNode node;
    if (!path.startsWith(kRoot + QLatin1Char('/')))
        return node;
    const QStringList parts = path.mid(kRoot.size() + 1).split(QLatin1Char('/'));
    const QString &area = parts[0];
    if (parts.size() == 1 && area == QLatin1String("platform")) {
        node.kind = PlatformNode::Kind::Platform;
    } else if (parts.size() == 2 && area == QLatin1String("hosts")) {
        node.kind = PlatformNode::Kind::Host;
        node.name = parts[1];
    } else if (parts.size() == 2 && area == QLatin1String("domains")) {
        node.kind = PlatformNode::Kind::Domain;
        node.name = parts[1];
    } else if (parts.size() == 2 && area == QLatin1String("usage")) {
        node.kind = PlatformNode::Kind::Usage;
        node.name = parts[1];
    } else if (area == QLatin1String("tickets") && parts.size() >= 2) {
        node.name = parts[1];
        if (parts.size() == 2) {
            node.kind = PlatformNode::Kind::Ticket;
        } else if (parts.size() == 4 && parts[2] == QLatin1String("clones")) {
            node.kind = PlatformNode::Kind::TicketClone;
            node.child = parts[3];
        } else if (parts.size() == 4 && parts[2] == QLatin1String("reports")) {
            node.kind = PlatformNode::Kind::TicketReport;
            node.child = parts[3];
        }
    }
    return node;
}

} // namespace clonedeck::protocol
