#pragma once

// One cluster's elastic policy: where demand comes from, how fast to grow and
// shrink, the bounds, and the agent launch profile. Stored as JSON (settings
// file or `clonectl policy run --config FILE`); loading validates every field.
#include "Error.h"
#include "LaunchProfile.h"

#include <QJsonObject>
#include <QStringList>
#include <QUrl>

namespace clonedeck {

struct PolicyConfig
{
    enum class DemandKind
    {
        Manual,
        Command,
        QueueUrl
    };
    // Where each scale-up goes when the policy lists several hosts: Spread evens the clones out
    // (the host with fewest of ours, then the most room); Pack fills the first host with room first.
    enum class Placement
    {
        Spread,
        Pack
    };

    QString cluster = QStringLiteral("default");
    int masterDomid = 1; // on every host listed: each host's own master of the cluster
    // The connections (by name) the policy places clones on, in order; empty: the console's primary.
    QStringList hosts;
    Placement placement = Placement::Spread;
    DemandKind demandKind = DemandKind::Manual;
    int manualDemand = 0;
    QStringList demandCommand; // program and arguments, run without a shell
    QUrl queueUrl;             // Jenkins-style queue JSON: {"items": [...]}
    int pollIntervalMs = 5000;
    int commandTimeoutMs = 5000;
    int inDemandDelayMs = 60000; // demand must exceed running agents this long before growing
    int idleDelayMs = 60000;     // an agent idle (no output) this long may be stopped
    int minClones = 0;
    int maxClones = 10;
    int maxPerStep = 2;
    int coolDownMs = 10000; // between two scale-ups
    int capVcpus = 0;       // 0: no per-cluster cap
    qint64 capMemoryMb = 0;
    bool reapOrphans = true; // kill clones of this cluster that no agent owns; false: only report them
    bool dryRun = false;
    bool enabled = false; // the console runs enabled policies; `clonectl policy run` runs any
    LaunchProfile profile;

    QJsonObject toJson() const;
    static Result<PolicyConfig> fromJson(const QJsonObject &object);
    static Result<PolicyConfig> fromJsonBytes(const QByteArray &bytes);
    Status validate() const;
};

} // namespace clonedeck
