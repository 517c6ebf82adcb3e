#include "JournalStore.h"

#include "Log.h"
#include "ProtocolPaths.h"

namespace clonedeck {

namespace {
const QString kTicket = QStringLiteral("ticket");
const QString kDomain = QStringLiteral("domain");
const QString kMeta = QStringLiteral("meta");
const QString kCounters = QStringLiteral("counters");
const QString kWaitingRequest = QStringLiteral("req_id");
} // namespace

JournalStore::JournalStore(QString path)
    : m_journal(std::move(path))
{}

StoredState JournalStore::toState(const Journal::Contents &contents)
{
    StoredState state;
    const Record meta = contents.value(kMeta).value(kCounters);
    state.counters.nextDomid = int(meta.optionalInteger(QStringLiteral("next_domid")).value_or(1));
    state.counters.nextTicket = meta.optionalInteger(QStringLiteral("next_ticket")).value_or(1);
    const auto tickets = contents.value(kTicket);
    for (auto it = tickets.begin(); it != tickets.end(); ++it) {
        auto ticket = TicketInfo::fromRecord(it.key(), it.value());
        if (!ticket) {
            spdlog::warn("journal: dropping unreadable ticket {}: {}", it.key(), ticket.error().toString());
            continue;
        }
        state.tickets.insert(ticket->id, *ticket);
        if (ticket->state == TicketState::Pending)
            state.waitingRequests.insert(ticket->id, it.value().value(kWaitingRequest));
    }
    const auto domains = contents.value(kDomain);
    for (auto it = domains.begin(); it != domains.end(); ++it) {
        const auto domid = protocol::parseDomid(it.key());
        auto domain =
            domid ? DomainInfo::fromRecord(*domid, it.value()) : Result<DomainInfo>(Error{EINVAL, {}, {}});
        if (!domain) {
            spdlog::warn("journal: dropping unreadable domain {}", it.key());
            continue;
        }
        state.domains.insert(domain->domid, *domain);
    }
    return state;
}

Result<StoredState> JournalStore::load()
{
    auto contents = m_journal.open();
    if (!contents)
        return contents.error();
    return toState(*contents);
}

Status JournalStore::commit(const Decision &decision)
{
    QList<JournalEntry> entries;
    for (auto it = decision.tickets().begin(); it != decision.tickets().end(); ++it) {
        if (!it->ticket) {
            entries.append(Journal::drop(kTicket, it.key()));
            continue;
        }
        Record record = it->ticket->toRecord();
        if (!it->waitingRequest.isEmpty())
            record.set(kWaitingRequest, it->waitingRequest);
        entries.append(Journal::put(kTicket, it.key(), record));
    }
    for (auto it = decision.domains().begin(); it != decision.domains().end(); ++it) {
        entries.append(it.value() ? Journal::put(kDomain, QString::number(it.key()), it.value()->toRecord())
                                  : Journal::drop(kDomain, QString::number(it.key())));
    }
    Record counters;
    counters.set(QStringLiteral("next_domid"), decision.counters().nextDomid);
    counters.set(QStringLiteral("next_ticket"), decision.counters().nextTicket);
    entries.append(Journal::put(kMeta, kCounters, counters));
    return m_journal.append(entries);
}

Result<QList<Transition>> JournalStore::history(Transition::Subject, const QString &)
{
    return Error{ENOSYS, m_journal.path(),
                 QStringLiteral("this platform keeps its state in a journal, which records no history")};
}

} // namespace clonedeck
