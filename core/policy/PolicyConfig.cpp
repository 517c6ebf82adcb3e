#include "PolicyConfig.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>

namespace clonedeck {

namespace {
Error invalid(const QString &field, const QString &message)
{
    return Error{EINVAL, QStringLiteral("policy: ") + field, message};
}

bool readInt(const QJsonObject &object, const char *key, int &target, int min, int max)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return true;
    const double number = value.toDouble(-1);
    // Range before the cast: converting an out-of-range double (or NaN) to an integer is undefined.
    if (!value.isDouble() || !(number >= min && number <= max) || number != std::floor(number))
        return false;
    target = int(number);
    return true;
}
} // namespace

QJsonObject PolicyConfig::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("cluster"), cluster);
    o.insert(QStringLiteral("masterDomid"), masterDomid);
    o.insert(QStringLiteral("demand"), demandKind == DemandKind::Manual    ? QStringLiteral("manual")
                                       : demandKind == DemandKind::Command ? QStringLiteral("command")
                                                                           : QStringLiteral("queue-url"));
    o.insert(QStringLiteral("manualDemand"), manualDemand);
    o.insert(QStringLiteral("demandCommand"), QJsonArray::fromStringList(demandCommand));
    o.insert(QStringLiteral("queueUrl"), queueUrl.toString());
    o.insert(QStringLiteral("pollIntervalMs"), pollIntervalMs);
    o.insert(QStringLiteral("commandTimeoutMs"), commandTimeoutMs);
    o.insert(QStringLiteral("inDemandDelayMs"), inDemandDelayMs);
    o.insert(QStringLiteral("idleDelayMs"), idleDelayMs);
    o.insert(QStringLiteral("minClones"), minClones);
    o.insert(QStringLiteral("maxClones"), maxClones);
    o.insert(QStringLiteral("maxPerStep"), maxPerStep);
    o.insert(QStringLiteral("coolDownMs"), coolDownMs);
    o.insert(QStringLiteral("capVcpus"), capVcpus);
    o.insert(QStringLiteral("capMemoryMb"), capMemoryMb);
    o.insert(QStringLiteral("reapOrphans"), reapOrphans);
    o.insert(QStringLiteral("dryRun"), dryRun);
    o.insert(QStringLiteral("enabled"), enabled);
    o.insert(QStringLiteral("profile"), profile.toJson());
    o.insert(QStringLiteral("hosts"), QJsonArray::fromStringList(hosts));
    o.insert(QStringLiteral("placement"),
             placement == Placement::Pack ? QStringLiteral("pack") : QStringLiteral("spread"));
    return o;
}

Result<PolicyConfig> PolicyConfig::fromJson(const QJsonObject &o)
{
    PolicyConfig c;
    c.cluster = o.value(QStringLiteral("cluster")).toString(c.cluster);
    const QString demand = o.value(QStringLiteral("demand")).toString(QStringLiteral("manual"));
    if (demand == QLatin1String("manual"))
        c.demandKind = DemandKind::Manual;
    else if (demand == QLatin1String("command"))
        c.demandKind = DemandKind::Command;
    else if (demand == QLatin1String("queue-url"))
        c.demandKind = DemandKind::QueueUrl;
    else
        return invalid(QStringLiteral("demand"), QStringLiteral("must be manual, command or queue-url"));
    const struct
    {
        const char *key;
        int *target;
        int min, max;
    } ints[] = {{"masterDomid", &c.masterDomid, 0, 32751},
                {"manualDemand", &c.manualDemand, 0, 100000},
                {"pollIntervalMs", &c.pollIntervalMs, 50, 86400000},
                {"commandTimeoutMs", &c.commandTimeoutMs, 10, 600000},
                {"inDemandDelayMs", &c.inDemandDelayMs, 0, 86400000},
                {"idleDelayMs", &c.idleDelayMs, 0, 86400000},
                {"minClones", &c.minClones, 0, 1000},
                {"maxClones", &c.maxClones, 0, 1000},
                {"maxPerStep", &c.maxPerStep, 1, 1000},
                {"coolDownMs", &c.coolDownMs, 0, 86400000},
                {"capVcpus", &c.capVcpus, 0, 1000000}};
    for (const auto &field : ints) {
        if (!readInt(o, field.key, *field.target, field.min, field.max))
            return invalid(QLatin1String(field.key),
                           QStringLiteral("must be a whole number in %1..%2").arg(field.min).arg(field.max));
    }
    // Range-checked as a double first: converting an out-of-range double to an integer is undefined.
    const QJsonValue capMemory = o.value(QStringLiteral("capMemoryMb"));
    if (!capMemory.isUndefined()) {
        const double mb = capMemory.toDouble(-1);
        constexpr double kMaxMemoryMb = 1 << 30; // 1 PiB: far beyond any host, well inside qint64
        if (!capMemory.isDouble() || !(mb >= 0 && mb <= kMaxMemoryMb) || mb != std::floor(mb))
            return invalid(QStringLiteral("capMemoryMb"),
                           QStringLiteral("must be a whole number of MB in 0..%1").arg(qint64(kMaxMemoryMb)));
        c.capMemoryMb = qint64(mb);
    }
    for (const QJsonValue &word : o.value(QStringLiteral("demandCommand")).toArray()) {
        if (!word.isString())
            return invalid(QStringLiteral("demandCommand"), QStringLiteral("must be an array of strings"));
        c.demandCommand.append(word.toString());
    }
    for (const QJsonValue &host : o.value(QStringLiteral("hosts")).toArray()) {
        if (!host.isString() || host.toString().isEmpty() || c.hosts.contains(host.toString()))
            return invalid(QStringLiteral("hosts"),
                           QStringLiteral("must be an array of distinct connection names"));
        c.hosts.append(host.toString());
    }
    const QString placement = o.value(QStringLiteral("placement")).toString(QStringLiteral("spread"));
    if (placement != QLatin1String("spread") && placement != QLatin1String("pack"))
        return invalid(QStringLiteral("placement"), QStringLiteral("must be spread or pack"));
    c.placement = placement == QLatin1String("pack") ? Placement::Pack : Placement::Spread;
    c.queueUrl = QUrl(o.value(QStringLiteral("queueUrl")).toString());
    c.reapOrphans = o.value(QStringLiteral("reapOrphans")).toBool(true);
    c.dryRun = o.value(QStringLiteral("dryRun")).toBool(false);
    c.enabled = o.value(QStringLiteral("enabled")).toBool(false);
    if (o.contains(QStringLiteral("profile"))) {
        auto profile = LaunchProfile::fromJson(o.value(QStringLiteral("profile")).toObject());
        if (!profile)
            return profile.error();
        c.profile = *profile;
    }
    if (auto valid = c.validate(); !valid)
        return valid.error();
    return c;
}

Result<PolicyConfig> PolicyConfig::fromJsonBytes(const QByteArray &bytes)
{
    const auto object = jsonObjectFrom(bytes);
    return object ? fromJson(*object) : Result<PolicyConfig>(object.error());
}

Status PolicyConfig::validate() const
{
    if (minClones > maxClones)
        return invalid(QStringLiteral("minClones"), QStringLiteral("above maxClones"));
    if (demandKind == DemandKind::Command && demandCommand.isEmpty())
        return invalid(QStringLiteral("demandCommand"),
                       QStringLiteral("a command demand source needs a program"));
    if (demandKind == DemandKind::QueueUrl &&
        (!queueUrl.isValid() ||
         (queueUrl.scheme() != QLatin1String("http") && queueUrl.scheme() != QLatin1String("https"))))
        return invalid(QStringLiteral("queueUrl"), QStringLiteral("needs an http(s) URL"));
    return profile.validate();
}

} // namespace clonedeck
