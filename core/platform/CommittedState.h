#pragma once

// The one way the control plane changes its state: a Decision is completed
// (counters, transitions, tickets retired beyond those kept), committed by the
// store, and only then applied in memory and announced, so whatever is published
// from `committed` is on disk (issue 16).
#include "PlatformState.h"
#include "StateStore.h"

#include <QObject>

#include <memory>

namespace clonedeck {

class CommittedState : public QObject
{
    Q_OBJECT
public:
    CommittedState(const PlatformConfig &config, std::unique_ptr<StateStore> store,
                   QObject *parent = nullptr);
    ~CommittedState() override;

    Status load();
    const PlatformState &state() const { return m_state; }
    StateStore &store() { return *m_store; }
    // Durable first, then in memory; on an error nothing of it happened.
    Status commit(Decision decision);
    // Drops request ids older than the store keeps (bounds memory).
    void forgetOldRequests();

signals:
    // After every successful commit, with the decision as committed (for the publisher).
    void committed(const clonedeck::Decision &decision);

private:
    PlatformConfig m_config;
    std::unique_ptr<StateStore> m_store;
    PlatformState m_state;
};

} // namespace clonedeck
