#include "LaunchProfile.h"

#include <cmath>

#include "Request.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace clonedeck {

namespace {
Error invalid(const QString &field, const QString &message)
{
    return Error{EINVAL, QStringLiteral("launch profile: ") + field, message};
}

template<typename T>
bool readInteger(const QJsonObject &object, const char *key, T &target, qint64 min, qint64 max)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return true;
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    // Range before the cast: converting an out-of-range double (or NaN) to an integer is undefined.
    if (!(number >= double(min) && number <= double(max)) || number != std::floor(number))
        return false;
    target = T(number);
    return true;
}
} // namespace

QJsonObject LaunchProfile::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("count"), count},
                       {QStringLiteral("vcpus"), vcpus},
                       {QStringLiteral("memoryMb"), memoryMb},
                       {QStringLiteral("ticketTimeoutMs"), ticketTimeoutMs},
                       {QStringLiteral("command"), command},
                       {QStringLiteral("user"), user},
                       {QStringLiteral("identityFiles"), QJsonArray::fromStringList(identityFiles)},
                       {QStringLiteral("hostKeyPolicy"), hostKeyPolicy},
                       {QStringLiteral("launchTimeoutMs"), launchTimeoutMs},
                       {QStringLiteral("idleSeconds"), idleSeconds},
                       {QStringLiteral("teardown"),
                        teardown == Teardown::Join ? QStringLiteral("join") : QStringLiteral("kill")}};
}

Result<LaunchProfile> LaunchProfile::fromJson(const QJsonObject &object)
{
    LaunchProfile p;
    auto readString = [&](const char *key, QString &target, int maxLength) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined())
            return true;
        if (!value.isString() || value.toString().size() > maxLength)
            return false;
        target = value.toString();
        return true;
    };
    if (!readString("name", p.name, 200))
        return invalid(QStringLiteral("name"), QStringLiteral("must be text up to 200 characters"));
    if (!readString("command", p.command, 4096))
        return invalid(QStringLiteral("command"), QStringLiteral("must be text up to 4096 characters"));
    if (!readString("user", p.user, 64))
        return invalid(QStringLiteral("user"), QStringLiteral("must be text up to 64 characters"));
    if (!readString("hostKeyPolicy", p.hostKeyPolicy, 64))
        return invalid(QStringLiteral("hostKeyPolicy"), QStringLiteral("must be text"));
    if (!readInteger(object, "count", p.count, 1, RequestLimits::kMaxCount))
        return invalid(QStringLiteral("count"),
                       QStringLiteral("must be 1..%1").arg(RequestLimits::kMaxCount));
    if (!readInteger(object, "vcpus", p.vcpus, 1, RequestLimits::kMaxVcpus))
        return invalid(QStringLiteral("vcpus"),
                       QStringLiteral("must be 1..%1").arg(RequestLimits::kMaxVcpus));
    if (!readInteger(object, "memoryMb", p.memoryMb, 1, RequestLimits::kMaxMemoryMb))
        return invalid(QStringLiteral("memoryMb"), QStringLiteral("out of range"));
    if (!readInteger(object, "ticketTimeoutMs", p.ticketTimeoutMs, 0, RequestLimits::kMaxTimeoutMs))
        return invalid(QStringLiteral("ticketTimeoutMs"), QStringLiteral("out of range"));
    if (!readInteger(object, "launchTimeoutMs", p.launchTimeoutMs, 100, 3600 * 1000))
        return invalid(QStringLiteral("launchTimeoutMs"), QStringLiteral("must be 100..3600000"));
    if (!readInteger(object, "idleSeconds", p.idleSeconds, 0, 7 * 24 * 3600))
        return invalid(QStringLiteral("idleSeconds"), QStringLiteral("out of range"));
    const QJsonValue identities = object.value(QStringLiteral("identityFiles"));
    if (!identities.isUndefined()) {
        if (!identities.isArray() || identities.toArray().size() > 16)
            return invalid(QStringLiteral("identityFiles"),
                           QStringLiteral("must be a list of up to 16 paths"));
        for (const QJsonValue &item : identities.toArray()) {
            if (!item.isString() || item.toString().isEmpty() || item.toString().size() > 4096)
                return invalid(QStringLiteral("identityFiles"), QStringLiteral("must hold paths"));
            p.identityFiles.append(item.toString());
        }
    }
    const QString teardown = object.value(QStringLiteral("teardown")).toString(QStringLiteral("join"));
    if (teardown != QLatin1String("join") && teardown != QLatin1String("kill"))
        return invalid(QStringLiteral("teardown"), QStringLiteral("must be join or kill"));
    p.teardown = teardown == QLatin1String("join") ? Teardown::Join : Teardown::Kill;
    if (auto valid = p.validate(); !valid)
        return valid.error();
    return p;
}

Result<QJsonObject> jsonObjectFrom(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Error{EINVAL, QStringLiteral("JSON file"),
                     QStringLiteral("not a JSON object: ") + error.errorString()};
    return document.object();
}

Result<LaunchProfile> LaunchProfile::fromJsonBytes(const QByteArray &bytes)
{
    const auto object = jsonObjectFrom(bytes);
    return object ? fromJson(*object) : Result<LaunchProfile>(object.error());
}

Status LaunchProfile::validate() const
{
    if (command.trimmed().isEmpty())
        return invalid(QStringLiteral("command"), QStringLiteral("the agent command is empty"));
    if (!hostkeys::names().contains(hostKeyPolicy))
        return invalid(QStringLiteral("hostKeyPolicy"),
                       QStringLiteral("must be one of ") + hostkeys::names().join(QStringLiteral(", ")));
    return Done{};
}

} // namespace clonedeck
