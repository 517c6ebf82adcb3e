#pragma once

// Everything that defines one agent launch: the ticket to ask for, the agent
// command, the SSH identity and host-key policy, timeouts and the teardown.
// Saved and loaded as JSON by the console's test bench and clonectl; loading
// validates every field (profiles are files a person may have edited).
#include "Error.h"
#include "HostKeyPolicyNames.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace clonedeck {

struct LaunchProfile
{
    enum class Teardown
    {
        Join,
        Kill
    };

    QString name = QStringLiteral("default");
    int count = 1;
    int vcpus = 1;
    qint64 memoryMb = 256;
    qint64 ticketTimeoutMs = 60000;
    QString command = QStringLiteral("sh agent.sh");
    QString user;                                              // empty: the local user name
    QStringList identityFiles;                                 // empty: the platform's client key
    QString hostKeyPolicy = QLatin1String(hostkeys::kDefault); // one of hostkeys::names()
    int launchTimeoutMs = 30000;                               // per agent, from connect to running
    int idleSeconds = 0;                                       // 0: no idle detection
    Teardown teardown = Teardown::Join;

    QJsonObject toJson() const;
    static Result<LaunchProfile> fromJson(const QJsonObject &object);
    static Result<LaunchProfile> fromJsonBytes(const QByteArray &bytes);
    Status validate() const;
};

// A JSON document that must hold an object (a file a person may have edited), or why it does not.
Result<QJsonObject> jsonObjectFrom(const QByteArray &bytes);

} // namespace clonedeck
