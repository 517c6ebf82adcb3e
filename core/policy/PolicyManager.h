#pragma once

// The console's policies: one PolicyEngine per enabled cluster, configured from the
// PolicyStore (so they survive restarts) and started or stopped as an operator enables,
// edits or disables them. Owns the engines; the policy panel only reads them and calls
// this class. A retired engine is kept until it has torn its agents down.
#include "Error.h"
#include "LaunchServices.h"
#include "PolicyConfig.h"
#include "PolicyEngine.h"
#include "PolicyStore.h"

#include <QHash>
#include <QObject>

namespace clonedeck {

class PolicyManager : public QObject
{
    Q_OBJECT

public:
    PolicyManager(PolicyStore store, const LaunchServices &services, QObject *parent = nullptr);
    ~PolicyManager() override;

    QStringList clusters() const;
    Result<PolicyConfig> config(const QString &cluster) const;
    // Persists the policy; an engine running for it restarts with the new settings.
    Status save(const PolicyConfig &config);
    Status remove(const QString &cluster);
    // Persists the flag and starts or stops the cluster's engine.
    Status setEnabled(const QString &cluster, bool enabled);
    // Starts every enabled policy (once the mirror has loaded).
    void startEnabled();
    // Sets a manual demand source's figure now (and persists it); EINVAL for other sources.
    Status setManualDemand(const QString &cluster, int waiting);

    // The platform's client key, for profiles that name no identity (known once connected).
    void setDefaultIdentity(const QString &identityFile) { m_defaultIdentity = identityFile; }

    PolicyEngine *engine(const QString &cluster) const { return m_engines.value(cluster); }
    QString storePath() const { return m_store.path(); }

signals:
    void policiesChanged();
    void engineStarted(const QString &cluster);
    void engineStopped(const QString &cluster);
    void decided(const QString &cluster, const clonedeck::PolicyDecision &decision);
    void engineStateChanged(const QString &cluster); // demand, active or running changed

private:
    Status start(const PolicyConfig &config);
    void retire(const QString &cluster);

    PolicyStore m_store;
    LaunchServices m_services;
    QString m_defaultIdentity;
    QHash<QString, PolicyEngine *> m_engines;
};

} // namespace clonedeck
