#pragma once

// The hosts one policy places its clones on: the connections it lists (by name, in order;
// none listed: the console's primary, or clonectl's one platform), followed as they come
// and go. For each scale-up it picks a host with free capacity — spread (fewest of ours,
// then the most room) or pack (the first with room) — skipping hosts that are unreachable
// now; a worker launches with that host's services (its gateway and mirror). Domains
// appearing and vanishing on every listed host reach the engine with the host's name.
#include "LaunchServices.h"
#include "PlatformRecords.h"
#include "PolicyConfig.h"

#include <QHash>
#include <QList>
#include <QObject>

namespace clonedeck {

class ClusterMirror;

class PolicyHosts : public QObject
{
    Q_OBJECT
public:
    // One host as placement sees it now.
    struct Candidate
    {
        QString host;
        bool reachable = true;
        int freeSlots = 0; // clones of the profile's size its platform has room for
        int ours = 0;      // the policy's clones (launching or running) there
    };
    // The index of the host the next clone goes on; -1 if no reachable host has room.
    static int choose(const QList<Candidate> &candidates, PolicyConfig::Placement placement);

    PolicyHosts(const PolicyConfig &config, const LaunchServices &services, QObject *parent = nullptr);

    // Every listed host, in the policy's order, with its state now. `ours`: clones per host;
    // `unreserved`: launches per host whose ticket the platform's records do not show yet.
    QList<Candidate> candidates(const QHash<QString, int> &ours, const QHash<QString, int> &unreserved) const;
    // The services a worker on this host launches with (the host "" is the primary / single platform).
    LaunchServices servicesOn(const QString &host) const;
    bool isReachable(const QString &host) const;
    // Every listed host's mirror that is there now (for reaping orphans).
    QList<std::pair<QString, ClusterMirror *>> mirrors() const;
    // Placement across several hosts checks their room; one host leaves it to the platform (EBUSY).
    bool isMultiHost() const { return !m_config.hosts.isEmpty(); }

signals:
    void domainAdded(const QString &host, const clonedeck::DomainInfo &domain);
    void domainRemoved(const QString &host, const clonedeck::DomainInfo &domain);
    // A listed host became reachable or unreachable (reason: why, when it is not).
    void reachabilityChanged(const QString &host, bool reachable, const QString &reason);

private:
    void follow(const QString &host, ClusterMirror *mirror);
    QString nameOf(const QString &host) const; // "" for the primary when no host is listed

    PolicyConfig m_config;
    LaunchServices m_services;
    QHash<QString, bool> m_reachable; // last reported, per listed host
};

} // namespace clonedeck
