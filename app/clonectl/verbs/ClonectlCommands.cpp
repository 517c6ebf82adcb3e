#include "ClonectlCommands.h"

#include "ExitCode.h"
#include "HistoryRecord.h"
#include "ProtocolPaths.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace clonedeck::cli {

namespace {

struct VerbHelp
{
    const char *verb;
    const char *synopsis;
    const char *description;
};

constexpr VerbHelp kVerbs[] = {
    {"rt", "rt COUNT VCPUS MEMORY_MB TIMEOUT_MS",
     "Request a ticket reserving resources for up to COUNT clones. Prints `ticket <ID> granted <M> requested "
     "<N>`;\n"
     "the platform may grant M < N. Nothing fits within TIMEOUT_MS: prints nothing on stdout, exits 16 "
     "(EBUSY)."},
    {"clone", "clone TICKET",
     "Clone this master once per granted slot of TICKET. Prints `clone <VMID> domid <DOMID>` lines."},
    {"ismaster", "ismaster",
     "Exit 0 if this domain is a master, 1 if it is a clone. Prints `master` or `clone`."},
    {"ltd", "ltd TICKET",
     "List ticket details as `key value` lines; per clone: vmid, domid, ip, port, status.\n"
     "Only the `ip <address>` lines contain the letters `ip`."},
    {"join", "join [noreport]", "End this clone; report to the master unless `noreport`."},
    {"kill", "kill TICKET|DOMID", "Destroy every clone of TICKET, or the one clone DOMID."},
    {"release", "release TICKET", "Give back an unused ticket's reservation."},
    {"tickets", "tickets [--json]", "List tickets."},
    {"domains", "domains [--json]", "List domains."},
    {"hosts", "hosts [--json]", "List hosts with used, reserved and free capacity."},
    {"history", "history TICKET|DOMID [--json]",
     "A ticket's or a domain's state transitions, oldest first: `<time> <state>` per line (UTC, ISO 8601).\n"
     "A domain sees its own, its tickets' and its clones'; dom0 sees all."},
};

std::optional<qint64> number(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

QJsonObject toJson(const Record &record)
{
    QJsonObject object;
    for (const QString &key : record.keys())
        object.insert(key, record.value(key));
    return object;
}

// A listing verb's output: with --json one array of the records, each with its key added; else a
// line per item, written by `line`.
template<typename Items, typename Key, typename Line>
void printListing(QTextStream &out, bool json, const Items &items, const QString &keyName, Key key, Line line)
{
    QJsonArray array;
    for (const auto &item : items) {
        if (!json) {
            line(item);
            continue;
        }
        QJsonObject object = toJson(item.toRecord());
        object.insert(keyName, key(item));
        array.append(object);
    }
    if (json)
        out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    out.flush();
}

} // namespace

ClonectlCommands::ClonectlCommands(PlatformClient &client, QTextStream &out, QTextStream &err,
                                   const GlobalOptions &options)
    : m_client(client)
    , m_out(out)
    , m_err(err)
    , m_options(options)
{}

QStringList ClonectlCommands::verbs()
{
    QStringList names;
    for (const auto &help : kVerbs)
        names.append(QLatin1String(help.verb));
    return names;
}

QString ClonectlCommands::synopsis(const QString &verb)
{
    for (const auto &help : kVerbs) {
        if (verb == QLatin1String(help.verb))
            return QLatin1String(help.synopsis);
    }
    return {};
}

QString ClonectlCommands::usage(const QString &verb)
{
    for (const auto &help : kVerbs) {
        if (verb == QLatin1String(help.verb))
            return QStringLiteral("Usage: clonectl [--domain DOMID] %1\n\n%2\n")
                .arg(QLatin1String(help.synopsis), QLatin1String(help.description));
    }
    return {};
}

int ClonectlCommands::fail(const Error &error)
{
    m_err << "clonectl: " << error.toString() << Qt::endl;
    return exitCodeFor(error);
}

int ClonectlCommands::usageError(const QString &verb, const QString &problem)
{
    m_err << "clonectl " << verb << ": " << problem << "\n" << usage(verb) << Qt::flush;
    return Usage;
}

int ClonectlCommands::requestTicket(const QStringList &args)
{
    if (args.size() != 4)
        return usageError(QStringLiteral("rt"), QStringLiteral("expects 4 arguments"));
    const auto count = number(args[0], 1, RequestLimits::kMaxCount);
    const auto vcpus = number(args[1], 1, RequestLimits::kMaxVcpus);
    const auto memory = number(args[2], 1, RequestLimits::kMaxMemoryMb);
    const auto timeout = number(args[3], 0, RequestLimits::kMaxTimeoutMs);
    if (!count || !vcpus || !memory || !timeout)
        return usageError(QStringLiteral("rt"),
                          QStringLiteral("COUNT, VCPUS, MEMORY_MB and TIMEOUT_MS must be numbers in range"));
    const auto grant = m_client.requestTicket(int(*count), int(*vcpus), *memory, *timeout);
    if (!grant) {
        if (grant.error().code == EBUSY) {
            m_err << "clonectl rt: no resources for " << *count << " x " << *vcpus << " vCPU / " << *memory
                  << " MB within " << *timeout << " ms (EBUSY)" << Qt::endl;
            return Busy;
        }
        return fail(grant.error());
    }
    m_out << "ticket " << grant->ticket << " granted " << grant->granted << " requested " << grant->requested
          << Qt::endl;
    return Success;
}

int ClonectlCommands::clone(const QStringList &args)
{
    if (args.size() != 1)
        return usageError(QStringLiteral("clone"), QStringLiteral("expects a ticket"));
    if (!protocol::isValidTicketId(args[0]))
        return usageError(QStringLiteral("clone"), QStringLiteral("not a ticket id: ") + args[0]);
    const auto domids = m_client.clone(args[0]);
    if (!domids)
        return fail(domids.error());
    int vmid = 0;
    for (int domid : *domids)
        m_out << "clone " << ++vmid << " domid " << domid << "\n";
    m_out.flush();
    return Success;
}

int ClonectlCommands::isMaster(const QStringList &args)
{
    if (!args.isEmpty())
        return usageError(QStringLiteral("ismaster"), QStringLiteral("takes no arguments"));
    const auto master = m_client.isMaster();
    if (!master)
        return fail(master.error());
    m_out << (*master ? "master" : "clone") << Qt::endl;
    return *master ? Success : Failure;
}

int ClonectlCommands::listTicketDetails(const QStringList &args)
{
    if (args.size() != 1)
        return usageError(QStringLiteral("ltd"), QStringLiteral("expects a ticket"));
    const auto details = m_client.ticketDetails(args[0]);
    if (!details)
        return fail(details.error());
    const TicketInfo &t = details->ticket;
    if (m_options.json) {
        QJsonObject object = toJson(t.toRecord());
        object.insert(QStringLiteral("ticket"), t.id);
        QJsonArray clones;
        for (const DomainInfo &clone : details->clones) {
            QJsonObject c = toJson(clone.toRecord());
            c.insert(QStringLiteral("domid"), clone.domid);
            clones.append(c);
        }
        object.insert(QStringLiteral("clones"), clones);
        m_out << QJsonDocument(object).toJson(QJsonDocument::Indented);
        m_out.flush();
        return Success;
    }
    // Contract: `key value` per line; only `ip` lines contain the letters "ip" (no key or value here can).
    m_out << "ticket " << t.id << "\n"
          << "state " << toString(t.state) << "\n"
          << "owner " << t.owner << "\n"
          << "requested " << t.requested << "\n"
          << "granted " << t.granted << "\n"
          << "vcpus " << t.vcpus << "\n"
          << "memory " << t.memoryMb << "\n"
          << "clones " << details->clones.size() << "\n";
    for (const DomainInfo &clone : details->clones) {
        m_out << "vmid " << clone.vmid << "\n"
              << "domid " << clone.domid << "\n"
              << "ip " << clone.ip << "\n"
              << "port " << clone.port << "\n";
        // Where the host reaches it, when that is not the cluster address (QEMU VMs: a loopback
        // forward); "ssh" lines never contain the letters "ip".
        if (clone.sshHost != clone.ip || clone.sshPort != clone.port)
            m_out << "ssh " << clone.sshHost << ":" << clone.sshPort << "\n";
        m_out << "status " << toString(clone.state) << "\n";
    }
    m_out.flush();
    return Success;
}

int ClonectlCommands::join(const QStringList &args)
{
    if (args.size() > 1 || (args.size() == 1 && args[0] != QLatin1String("noreport")))
        return usageError(QStringLiteral("join"), QStringLiteral("the only argument is `noreport`"));
    if (auto joined = m_client.join(args.isEmpty()); !joined)
        return fail(joined.error());
    return Success;
}

int ClonectlCommands::kill(const QStringList &args)
{
    if (args.size() != 1)
        return usageError(QStringLiteral("kill"), QStringLiteral("expects a ticket or a domid"));
    if (protocol::isValidTicketId(args[0])) {
        const auto killed = m_client.killTicket(args[0]);
        if (!killed)
            return fail(killed.error());
        m_out << "killed " << *killed << Qt::endl;
        return Success;
    }
    const auto domid = protocol::parseDomid(args[0]);
    if (!domid)
        return usageError(QStringLiteral("kill"),
                          QStringLiteral("neither a ticket (t7) nor a domid: ") + args[0]);
    if (auto killed = m_client.killDomain(*domid); !killed)
        return fail(killed.error());
    m_out << "killed 1" << Qt::endl;
    return Success;
}

int ClonectlCommands::release(const QStringList &args)
{
    if (args.size() != 1 || !protocol::isValidTicketId(args[0]))
        return usageError(QStringLiteral("release"), QStringLiteral("expects a ticket"));
    if (auto released = m_client.release(args[0]); !released)
        return fail(released.error());
    return Success;
}

int ClonectlCommands::tickets(const QStringList &args)
{
    if (!args.isEmpty())
        return usageError(QStringLiteral("tickets"), QStringLiteral("takes no arguments"));
    const auto tickets = m_client.tickets();
    if (!tickets)
        return fail(tickets.error());
    printListing(
        m_out, m_options.json, *tickets, QStringLiteral("ticket"), [](const TicketInfo &t) { return t.id; },
        [this](const TicketInfo &t) {
            m_out << t.id << " " << toString(t.state) << " owner " << t.owner << " granted " << t.granted
                  << "/" << t.requested << " vcpus " << t.vcpus << " memory " << t.memoryMb << " live "
                  << t.live << "\n";
        });
    return Success;
}

int ClonectlCommands::domains(const QStringList &args)
{
    if (!args.isEmpty())
        return usageError(QStringLiteral("domains"), QStringLiteral("takes no arguments"));
    const auto domains = m_client.domains();
    if (!domains)
        return fail(domains.error());
    printListing(
        m_out, m_options.json, *domains, QStringLiteral("domid"), [](const DomainInfo &d) { return d.domid; },
        [this](const DomainInfo &d) {
            m_out << d.domid << " " << d.name << " " << toString(d.role) << " " << toString(d.state) << " "
                  << d.ip << ":" << d.port << " vmid " << d.vmid << " ticket "
                  << (d.ticket.isEmpty() ? QStringLiteral("-") : d.ticket) << "\n";
        });
    return Success;
}

int ClonectlCommands::hosts(const QStringList &args)
{
    if (!args.isEmpty())
        return usageError(QStringLiteral("hosts"), QStringLiteral("takes no arguments"));
    const auto hosts = m_client.hosts();
    if (!hosts)
        return fail(hosts.error());
    printListing(
        m_out, m_options.json, *hosts, QStringLiteral("host"), [](const HostInfo &h) { return h.name; },
        [this](const HostInfo &h) {
            m_out << h.name << " vcpus " << h.usedVcpus << "+" << h.reservedVcpus << "/" << h.vcpus
                  << " memory " << h.usedMemoryMb << "+" << h.reservedMemoryMb << "/" << h.memoryMb
                  << " free " << h.freeVcpus() << " " << h.freeMemoryMb();
            // What runs the VMs there and how (QEMU: kvm or tcg), when the platform says.
            if (!h.backend.isEmpty())
                m_out << " backend " << h.backend;
            if (!h.accelerator.isEmpty())
                m_out << " accelerator " << h.accelerator;
            m_out << "\n";
        });
    return Success;
}

int ClonectlCommands::history(const QStringList &args)
{
    const QString subject = args.value(0);
    const auto domid = protocol::parseDomid(subject);
    if (args.size() != 1 || (!protocol::isValidTicketId(subject) && !domid))
        return usageError(QStringLiteral("history"), QStringLiteral("expects a ticket (t7) or a domid"));
    const Request request = domid ? Request::domainHistory(*domid) : Request::ticketHistory(subject);
    const auto reply = m_client.call(request, QDeadlineTimer(replies::kReadCallMs));
    if (!reply || !reply->ok)
        return fail(reply ? reply->toError() : reply.error());
    const auto history = HistoryRecord::fromFields(reply->fields);
    if (!history)
        return fail(history.error());
    QJsonArray array;
    for (const HistoryEntry &entry : history->entries) {
        const QString at = QDateTime::fromMSecsSinceEpoch(entry.atMs, Qt::UTC).toString(Qt::ISODateWithMs);
        if (m_options.json)
            array.append(QJsonObject{{QStringLiteral("state"), entry.state}, {QStringLiteral("at"), at}});
        else
            m_out << at << " " << entry.state << "\n";
    }
    if (m_options.json)
        m_out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    if (history->total > history->entries.size())
        m_err << "clonectl history: " << history->total - history->entries.size()
              << " older transition(s) not shown" << Qt::endl;
    m_out.flush();
    return Success;
}

} // namespace clonedeck::cli
