#include "PolicyManager.h"

#include "DemandSource.h"
#include "HostKeyPolicyRegistry.h"
#include "Log.h"

namespace clonedeck {

PolicyManager::PolicyManager(PolicyStore store, const LaunchServices &services, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
    , m_services(services)
{}

PolicyManager::~PolicyManager() = default; // the engines are children; each stops as it goes

QStringList PolicyManager::clusters() const
{
    QStringList names = m_store.loadAll().keys();
    names.sort();
    return names;
}

Result<PolicyConfig> PolicyManager::config(const QString &cluster) const
{
    return m_store.load(cluster);
}

Status PolicyManager::save(const PolicyConfig &config)
{
    if (auto valid = config.validate(); !valid)
        return valid;
    if (auto saved = m_store.save(config); !saved)
        return saved;
    spdlog::info("policy {}: saved to {}", config.cluster, m_store.path());
    emit policiesChanged();
    if (m_engines.contains(config.cluster)) {
        retire(config.cluster);
        if (config.enabled)
            return start(config);
    } else if (config.enabled) {
        return start(config);
    }
    return Done{};
}

Status PolicyManager::remove(const QString &cluster)
{
    if (m_engines.contains(cluster))
        retire(cluster);
    if (auto removed = m_store.remove(cluster); !removed)
        return removed;
    emit policiesChanged();
    return Done{};
}

Status PolicyManager::setEnabled(const QString &cluster, bool enabled)
{
    Result<PolicyConfig> loaded = m_store.load(cluster);
    if (!loaded)
        return loaded.error();
    PolicyConfig config = loaded.value();
    config.enabled = enabled;
    return save(config);
}

void PolicyManager::startEnabled()
{
    const auto all = m_store.loadAll();
    for (auto it = all.begin(); it != all.end(); ++it) {
        if (!it.value()) {
            spdlog::error("policy {}: not started: {}", it.key(), it.value().error().toString());
            continue;
        }
        if (it.value()->enabled && !m_engines.contains(it.key()))
            start(*it.value());
    }
}

Status PolicyManager::setManualDemand(const QString &cluster, int waiting)
{
    Result<PolicyConfig> loaded = m_store.load(cluster);
    if (!loaded)
        return loaded.error();
    PolicyConfig config = loaded.value();
    if (config.demandKind != PolicyConfig::DemandKind::Manual)
        return Error{EINVAL, cluster,
                     QStringLiteral("the policy's demand does not come from a manual figure")};
    config.manualDemand = std::max(0, waiting);
    if (auto saved = m_store.save(config); !saved)
        return saved;
    if (PolicyEngine *running = m_engines.value(cluster)) {
        if (auto *manual = qobject_cast<ManualDemandSource *>(running->demandSource()))
            manual->setDemand(config.manualDemand);
    }
    return Done{};
}

Status PolicyManager::start(const PolicyConfig &config)
{
    if (auto hostKeys = m_services.hostKeyPolicies->policy(config.profile.hostKeyPolicy); !hostKeys) {
        spdlog::error("policy {}: not started: {}", config.cluster, hostKeys.error().toString());
        return hostKeys.error();
    }
    auto *engine = new PolicyEngine(config, m_services, m_defaultIdentity, makeDemandSource(config), this);
    const QString cluster = config.cluster;
    connect(engine, &PolicyEngine::decided, this,
            [this, cluster](const PolicyDecision &decision) { emit decided(cluster, decision); });
    connect(engine, &PolicyEngine::changed, this, [this, cluster] { emit engineStateChanged(cluster); });
    m_engines.insert(cluster, engine);
    engine->start();
    emit engineStarted(cluster);
    return Done{};
}

void PolicyManager::retire(const QString &cluster)
{
    PolicyEngine *engine = m_engines.take(cluster);
    if (engine == nullptr)
        return;
    disconnect(engine, &PolicyEngine::changed, this, nullptr);
    engine->stop();
    // Keep it until its pipelines have torn their clones down, then let it go.
    const auto release = [engine] {
        if (engine->workerCount() == 0)
            engine->deleteLater();
    };
    connect(engine, &PolicyEngine::changed, engine, release);
    release();
    emit engineStopped(cluster);
}

} // namespace clonedeck
