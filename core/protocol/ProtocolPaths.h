#pragma once

// Where things live in xenstore (docs/protocol.md, "Tree"). The only place that
// builds or parses protocol paths, so the platform, clonectl and the console
// cannot drift apart.
#include <QString>

#include <optional>

namespace clonedeck::protocol {

inline constexpr int kVersion = 1;
inline constexpr int kMaxDomid = 32751; // DOMID_FIRST_RESERVED - 1, as in Xen
inline constexpr int kMaxRequestIdLength = 40;

QString root();                            // /clonedeck
QString platformPath();                    // /clonedeck/platform
QString hostsPath();                       // /clonedeck/hosts
QString hostPath(const QString &host);     // /clonedeck/hosts/<host>
QString ticketsPath();                     // /clonedeck/tickets
QString ticketPath(const QString &ticket); // /clonedeck/tickets/<ticket>
QString
ticketClonesPath(const QString &ticket); // /clonedeck/tickets/<ticket>/clones  (children: vmid -> domid)
QString ticketReportsPath(
    const QString &ticket); // /clonedeck/tickets/<ticket>/reports (children: vmid -> report record)
QString ticketClonePath(const QString &ticket, int vmid);  // .../clones/<vmid>
QString ticketReportPath(const QString &ticket, int vmid); // .../reports/<vmid>
QString domainsPath();                                     // /clonedeck/domains
QString domainPath(int domid);                             // /clonedeck/domains/<domid>
// Resource usage apart from the domain records, so the records stay as they are while usage moves
// and a console loads all of it with one listing (docs/protocol.md, "Usage").
QString usagePath();                // /clonedeck/usage
QString domainUsagePath(int domid); // /clonedeck/usage/<domid>
// Replies live beside the requests, under the domain's own path (as Xen keeps per-domain data),
// so a guest that names paths relative to its domain reads its replies wherever its memory image
// runs: in the master and, after a fork-style clone, in each clone. Written only by the platform.
QString repliesPath(int domid); // /local/domain/<domid>/clonedeck/replies
QString replyPath(int domid, const QString &requestId);
QString localDomainsPath();            // /local/domain: the platform watches it for requests
QString localDomainPath(int domid);    // /local/domain/<domid>
QString domainNamePath(int domid);     // /local/domain/<domid>/name, as a Xen toolstack writes it
QString domainIdPath(int domid);       // /local/domain/<domid>/domid
QString domainProtocolPath(int domid); // /local/domain/<domid>/clonedeck: requests and replies
QString requestsPath(int domid);       // /local/domain/<domid>/clonedeck/requests
QString requestPath(int domid, const QString &requestId);
// The same nodes named relative to the caller's own domain (Xen's rule: no leading `/`), as a guest
// names them: through its own channel they resolve to whichever domain its memory image runs as now,
// so a call that straddles a fork-style clone completes in the master and in each clone.
QString ownDomainIdPath();                        // domid
QString ownRequestPath(const QString &requestId); // clonedeck/requests/<id>
QString ownReplyPath(const QString &requestId);   // clonedeck/replies/<id>

bool isValidRequestId(const QString &id);           // [A-Za-z0-9_-]{1,40}
bool isValidTicketId(const QString &id);            // t[1-9][0-9]{0,9}
bool isValidHostName(const QString &name);          // [a-z0-9][a-z0-9-]{0,31}
std::optional<int> parseDomid(const QString &text); // plain decimal 0..kMaxDomid, no sign, no leading zeros

struct RequestLocation
{
    int domid;
    QString requestId;
};
// Parses /local/domain/<domid>/clonedeck/requests/<id>; nullopt for anything else (including the directory
// itself).
std::optional<RequestLocation> parseRequestPath(const QString &path);

// What a path under /clonedeck names, for mirrors that receive watch events.
struct PlatformNode
{
    enum class Kind
    {
        Platform,
        Host,
        Ticket,
        TicketClone,
        TicketReport,
        Domain,
        Usage, // name: the domid
        Other
    };
    Kind kind = Kind::Other;
    QString name;  // host name, ticket id, or domid as text
    QString child; // vmid for TicketClone / TicketReport
};
PlatformNode classify(const QString &path);

} // namespace clonedeck::protocol
