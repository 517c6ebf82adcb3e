#include "CommittedState.h"

#include "Log.h"
#include "SqliteStore.h"

#include <QDateTime>

namespace clonedeck {

CommittedState::CommittedState(const PlatformConfig &config, std::unique_ptr<StateStore> store,
                               QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_store(std::move(store))
    , m_state(config)
{}

CommittedState::~CommittedState() = default;

Status CommittedState::load()
{
    auto stored = m_store->load();
    if (!stored)
        return stored.error();
    m_state.reset(*stored);
    spdlog::info("{} store {}: {} ticket(s), {} domain(s)", m_store->kind(), m_store->path(),
                 stored->tickets.size(), stored->domains.size());
    return Done{};
}

Status CommittedState::commit(Decision decision)
{
    // Finished tickets beyond those kept go in the same transaction that finishes one more, so
    // the books never hold more than docs/protocol.md promises (issue 11, finding 7).
    for (const QString &id : m_state.ticketsToRetire(decision, m_config.finishedTicketsKept))
        decision.dropTicket(id);
    decision.setCounters(m_state.countersAfter(decision));
    decision.setTransitions(m_state.transitionsOf(decision, QDateTime::currentMSecsSinceEpoch()));
    if (auto done = m_store->commit(decision); !done)
        return done;
    m_state.apply(decision);
    emit committed(decision);
    return Done{};
}

void CommittedState::forgetOldRequests()
{
    m_state.forgetRequestsBefore(QDateTime::currentMSecsSinceEpoch() - SqliteStore::kRequestRetentionMs);
}

} // namespace clonedeck
