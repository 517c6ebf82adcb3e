#include "PlatformRecords.h"

#include "ProtocolPaths.h"

#include <array>

#include <arpa/inet.h>

namespace clonedeck {

namespace {

constexpr qint64 kMaxMemoryMb = qint64(64) * 1024 * 1024; // 64 TiB: beyond any host
constexpr qint64 kMaxCount = 100000;
constexpr qint64 kMaxTimeMs = std::numeric_limits<qint64>::max() / 4;

// A numeric IPv4 or IPv6 address. libc's parser rather than QHostAddress: QtNetwork (with Kerberos,
// libproxy and brotli behind it) would then load in every guest's `gc` for this one check.
bool isIpAddress(const QString &text)
{
    const QByteArray latin = text.toLatin1();
    if (latin.contains(char(0)))
        return false;
    unsigned char parsed[sizeof(in6_addr)];
    return inet_pton(AF_INET, latin.constData(), parsed) == 1 ||
           inet_pton(AF_INET6, latin.constData(), parsed) == 1;
}

template<typename Enum, std::size_t N>
std::optional<Enum> fromNames(const std::array<const char *, N> &names, const QString &text)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (text == QLatin1String(names[i]))
            return Enum(i);
    }
    return std::nullopt;
}

constexpr std::array kTicketStates{"pending", "granted", "used", "expired", "released", "failed"};
constexpr std::array kRoles{"master", "clone"};
constexpr std::array kDomainStates{"creating", "running", "stopping", "failed"};

// A field's failure names the record it came from.
Error inRecord(const QString &what, const Error &error)
{
    return Error{error.code, what, error.message};
}

bool isValidName(const QString &text, int maxLength)
{
    if (text.size() > maxLength)
        return false;
    for (QChar c : text) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_') ||
              c == QLatin1Char('.')))
            return false;
    }
    return true;
}

#define CD_TRY_INT(target, record, key, min, max, what)                                                      \
    do {                                                                                                     \
        auto parsed_ = (record).integer(QStringLiteral(key), (min), (max));                                  \
        if (!parsed_)                                                                                        \
            return inRecord((what), parsed_.error());                                                        \
        (target) = decltype(target)(*parsed_);                                                               \
    } while (false)

} // namespace

QString toString(TicketState state)
{
    return QLatin1String(kTicketStates[std::size_t(state)]);
}
QString toString(DomainRole role)
{
    return QLatin1String(kRoles[std::size_t(role)]);
}
QString toString(DomainState state)
{
    return QLatin1String(kDomainStates[std::size_t(state)]);
}
std::optional<TicketState> ticketStateFromString(const QString &text)
{
    return fromNames<TicketState>(kTicketStates, text);
}
std::optional<DomainRole> domainRoleFromString(const QString &text)
{
    return fromNames<DomainRole>(kRoles, text);
}
std::optional<DomainState> domainStateFromString(const QString &text)
{
    return fromNames<DomainState>(kDomainStates, text);
}

bool isFinal(TicketState state)
{
    return state == TicketState::Expired || state == TicketState::Released || state == TicketState::Failed;
}

Record HostInfo::toRecord() const
{
    Record r;
    r.set(QStringLiteral("vcpus"), vcpus);
    r.set(QStringLiteral("memory"), memoryMb);
    r.set(QStringLiteral("used_vcpus"), usedVcpus);
    r.set(QStringLiteral("used_memory"), usedMemoryMb);
    r.set(QStringLiteral("reserved_vcpus"), reservedVcpus);
    r.set(QStringLiteral("reserved_memory"), reservedMemoryMb);
    if (!backend.isEmpty())
        r.set(QStringLiteral("backend"), backend);
    if (!accelerator.isEmpty())
        r.set(QStringLiteral("accelerator"), accelerator);
    return r;
}

Result<HostInfo> HostInfo::fromRecord(const QString &name, const Record &record)
{
    const QString what = QStringLiteral("host ") + name;
    if (!protocol::isValidHostName(name))
        return Error{EINVAL, what, QStringLiteral("invalid host name")};
    HostInfo h;
    h.name = name;
    CD_TRY_INT(h.vcpus, record, "vcpus", 0, 65536, what);
    CD_TRY_INT(h.memoryMb, record, "memory", 0, kMaxMemoryMb, what);
    CD_TRY_INT(h.usedVcpus, record, "used_vcpus", 0, 65536, what);
    CD_TRY_INT(h.usedMemoryMb, record, "used_memory", 0, kMaxMemoryMb, what);
    CD_TRY_INT(h.reservedVcpus, record, "reserved_vcpus", 0, 65536, what);
    CD_TRY_INT(h.reservedMemoryMb, record, "reserved_memory", 0, kMaxMemoryMb, what);
    h.backend = record.value(QStringLiteral("backend"));
    h.accelerator = record.value(QStringLiteral("accelerator"));
    if (!isValidName(h.backend, 32) || !isValidName(h.accelerator, 32))
        return Error{EINVAL, what, QStringLiteral("invalid backend or accelerator name")};
    return h;
}

Record TicketInfo::toRecord() const
{
    Record r;
    r.set(QStringLiteral("owner"), owner);
    r.set(QStringLiteral("cluster"), cluster);
    r.set(QStringLiteral("state"), toString(state));
    r.set(QStringLiteral("requested"), requested);
    r.set(QStringLiteral("granted"), granted);
    r.set(QStringLiteral("vcpus"), vcpus);
    r.set(QStringLiteral("memory"), memoryMb);
    r.set(QStringLiteral("timeout"), timeoutMs);
    r.set(QStringLiteral("created"), createdMs);
    r.set(QStringLiteral("expires"), expiresMs);
    r.set(QStringLiteral("used"), used);
    r.set(QStringLiteral("live"), live);
    if (!allocation.isEmpty())
        r.set(QStringLiteral("allocation"), allocation);
    if (!error.isEmpty())
        r.set(QStringLiteral("error"), error);
    return r;
}

Result<TicketInfo> TicketInfo::fromRecord(const QString &id, const Record &record)
{
    const QString what = QStringLiteral("ticket ") + id;
    if (!protocol::isValidTicketId(id))
        return Error{EINVAL, what, QStringLiteral("invalid ticket id")};
    TicketInfo t;
    t.id = id;
    CD_TRY_INT(t.owner, record, "owner", 0, protocol::kMaxDomid, what);
    t.cluster = record.value(QStringLiteral("cluster"));
    if (!isValidName(t.cluster, 64))
        return Error{EINVAL, what, QStringLiteral("invalid cluster name")};
    const auto state = ticketStateFromString(record.value(QStringLiteral("state")));
    if (!state)
        return Error{EINVAL, what, QStringLiteral("invalid ticket state")};
    t.state = *state;
    CD_TRY_INT(t.requested, record, "requested", 0, kMaxCount, what);
    CD_TRY_INT(t.granted, record, "granted", 0, kMaxCount, what);
    CD_TRY_INT(t.vcpus, record, "vcpus", 0, 65536, what);
    CD_TRY_INT(t.memoryMb, record, "memory", 0, kMaxMemoryMb, what);
    CD_TRY_INT(t.timeoutMs, record, "timeout", 0, kMaxTimeMs, what);
    CD_TRY_INT(t.createdMs, record, "created", 0, kMaxTimeMs, what);
    CD_TRY_INT(t.expiresMs, record, "expires", 0, kMaxTimeMs, what);
    CD_TRY_INT(t.used, record, "used", 0, kMaxCount, what);
    CD_TRY_INT(t.live, record, "live", 0, kMaxCount, what);
    t.allocation = record.value(QStringLiteral("allocation"));
    t.error = record.value(QStringLiteral("error"));
    if (t.granted > t.requested || t.used > t.granted || t.live > t.used)
        return Error{EINVAL, what, QStringLiteral("inconsistent counts")};
    return t;
}

Record DomainInfo::toRecord() const
{
    Record r;
    r.set(QStringLiteral("name"), name);
    r.set(QStringLiteral("cluster"), cluster);
    r.set(QStringLiteral("role"), toString(role));
    r.set(QStringLiteral("master"), master);
    r.set(QStringLiteral("vmid"), vmid);
    if (!ticket.isEmpty())
        r.set(QStringLiteral("ticket"), ticket);
    r.set(QStringLiteral("state"), toString(state));
    if (!ip.isEmpty())
        r.set(QStringLiteral("ip"), ip);
    r.set(QStringLiteral("port"), port);
    // Written only where they differ from the cluster view, so sandbox records stay as they were.
    if (!sshHost.isEmpty() && sshHost != ip)
        r.set(QStringLiteral("ssh_host"), sshHost);
    if (sshPort != port)
        r.set(QStringLiteral("ssh_port"), sshPort);
    if (!backend.isEmpty())
        r.set(QStringLiteral("backend"), backend);
    if (!error.isEmpty())
        r.set(QStringLiteral("error"), error);
    r.set(QStringLiteral("vcpus"), vcpus);
    r.set(QStringLiteral("memory"), memoryMb);
    r.set(QStringLiteral("host"), host);
    r.set(QStringLiteral("created"), createdMs);
    return r;
}

Result<DomainInfo> DomainInfo::fromRecord(int domid, const Record &record)
{
    const QString what = QStringLiteral("domain ") + QString::number(domid);
    DomainInfo d;
    d.domid = domid;
    d.name = record.value(QStringLiteral("name"));
    d.cluster = record.value(QStringLiteral("cluster"));
    if (!isValidName(d.name, 64) || !isValidName(d.cluster, 64))
        return Error{EINVAL, what, QStringLiteral("invalid name")};
    const auto role = domainRoleFromString(record.value(QStringLiteral("role")));
    const auto state = domainStateFromString(record.value(QStringLiteral("state")));
    if (!role || !state)
        return Error{EINVAL, what, QStringLiteral("invalid role or state")};
    d.role = *role;
    d.state = *state;
    CD_TRY_INT(d.master, record, "master", 0, protocol::kMaxDomid, what);
    CD_TRY_INT(d.vmid, record, "vmid", 0, kMaxCount, what);
    d.ticket = record.value(QStringLiteral("ticket"));
    if (!d.ticket.isEmpty() && !protocol::isValidTicketId(d.ticket))
        return Error{EINVAL, what, QStringLiteral("invalid ticket id")};
    d.ip = record.value(QStringLiteral("ip"));
    d.sshHost = record.value(QStringLiteral("ssh_host"), d.ip);
    for (const QString &address : {d.ip, d.sshHost}) {
        if (!address.isEmpty() && !isIpAddress(address))
            return Error{EINVAL, what, QStringLiteral("invalid ip address")};
    }
    CD_TRY_INT(d.port, record, "port", 0, 65535, what);
    d.sshPort = d.port;
    if (record.contains(QStringLiteral("ssh_port")))
        CD_TRY_INT(d.sshPort, record, "ssh_port", 0, 65535, what);
    d.backend = record.value(QStringLiteral("backend"));
    if (!isValidName(d.backend, 32))
        return Error{EINVAL, what, QStringLiteral("invalid backend name")};
    d.error = record.value(QStringLiteral("error"));
    CD_TRY_INT(d.vcpus, record, "vcpus", 0, 65536, what);
    CD_TRY_INT(d.memoryMb, record, "memory", 0, kMaxMemoryMb, what);
    d.host = record.value(QStringLiteral("host"));
    if (!d.host.isEmpty() && !protocol::isValidHostName(d.host))
        return Error{EINVAL, what, QStringLiteral("invalid host name")};
    CD_TRY_INT(d.createdMs, record, "created", 0, kMaxTimeMs, what);
    if ((d.role == DomainRole::Master) != (d.vmid == 0))
        return Error{EINVAL, what, QStringLiteral("vmid 0 is the master's and only the master's")};
    return d;
}

Record PlatformInfo::toRecord() const
{
    Record r;
    r.set(QStringLiteral("version"), version);
    r.set(QStringLiteral("name"), name);
    r.set(QStringLiteral("state"), state);
    r.set(QStringLiteral("started"), startedMs);
    if (!backend.isEmpty())
        r.set(QStringLiteral("backend"), backend);
    if (!clientKey.isEmpty())
        r.set(QStringLiteral("client_key"), clientKey);
    return r;
}

Result<PlatformInfo> PlatformInfo::fromRecord(const Record &record)
{
    const QString what = QStringLiteral("platform");
    PlatformInfo p;
    CD_TRY_INT(p.version, record, "version", 0, 1000, what);
    p.name = record.value(QStringLiteral("name"));
    p.state = record.value(QStringLiteral("state"));
    CD_TRY_INT(p.startedMs, record, "started", 0, kMaxTimeMs, what);
    p.backend = record.value(QStringLiteral("backend"));
    p.clientKey = record.value(QStringLiteral("client_key"));
    return p;
}

} // namespace clonedeck
