#include "ConsoleSettings.h"

#include "HostKeyPolicyNames.h"

namespace clonedeck {

namespace {
// Stored as words, not enum numbers, so the file stays readable and reordering is safe.
const QString kEmbedded = QStringLiteral("embedded");
const QString kSocket = QStringLiteral("socket");
const QString kStandardXen = QStringLiteral("xen");
} // namespace

ConsoleSettings::ConsoleSettings()
    : ConsoleSettings(std::make_unique<QSettings>())
{}

ConsoleSettings::ConsoleSettings(const QString &iniFile)
    : ConsoleSettings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{}

ConsoleSettings::ConsoleSettings(std::unique_ptr<QSettings> settings)
    : m_settings(std::move(settings))
    , m_connection(m_settings.get(), QStringLiteral("connection/mode"), kStandardXen)
    , m_socketPath(m_settings.get(), QStringLiteral("connection/socket"), QString())
    , m_identityFile(m_settings.get(), QStringLiteral("ssh/identity"), QString())
    , m_hostKeyPolicy(m_settings.get(), QStringLiteral("ssh/hostKeyPolicy"),
                      QLatin1String(hostkeys::kDefault))
    , m_coalescingMs(m_settings.get(), QStringLiteral("view/coalescingMs"), 100)
    , m_language(m_settings.get(), QStringLiteral("view/language"), QString())
    , m_agentCommand(m_settings.get(), QStringLiteral("agents/command"), QStringLiteral("sh agent.sh"))
    , m_keepPlatformRunning(m_settings.get(), QStringLiteral("connection/keepPlatformRunning"), false)
    , m_paletteRecent(m_settings.get(), QStringLiteral("view/paletteRecent"), QStringList())
{}

ConsoleSettings::Connection ConsoleSettings::connection() const
{
    const QString value = m_connection.get();
    if (value == kEmbedded)
        return Connection::Embedded;
    if (value == kSocket)
        return Connection::Socket;
    return Connection::StandardXen;
}

void ConsoleSettings::setConnection(Connection connection)
{
    switch (connection) {
    case Connection::Embedded:
        return m_connection.set(kEmbedded);
    case Connection::Socket:
        return m_connection.set(kSocket);
    case Connection::StandardXen:
        return m_connection.set(kStandardXen);
    }
}

QString ConsoleSettings::hostKeyPolicy() const
{
    const QString value = m_hostKeyPolicy.get();
    return hostkeys::names().contains(value) ? value : m_hostKeyPolicy.defaultValue();
}

int ConsoleSettings::coalescingMs() const
{
    return std::clamp(m_coalescingMs.get(), 0, kMaxCoalescingMs);
}

QString ConsoleSettings::language() const
{
    const QString value = m_language.get();
    return languages().contains(value) ? value : QString();
}

QStringList ConsoleSettings::languages()
{
    return {QString(), QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr")};
}

QList<ConsoleSettings::RememberedConnection> ConsoleSettings::connections() const
{
    QList<RememberedConnection> connections;
    const int size = m_settings->beginReadArray(QStringLiteral("hosts"));
    for (int i = 0; i < size; ++i) {
        m_settings->setArrayIndex(i);
        RememberedConnection connection{m_settings->value(QStringLiteral("name")).toString(),
                                        m_settings->value(QStringLiteral("uri")).toString()};
        if (!connection.name.isEmpty() && !connection.uri.isEmpty()) // a hand-edited gap is skipped
            connections.append(connection);
    }
    m_settings->endArray();
    return connections;
}

void ConsoleSettings::setConnections(const QList<RememberedConnection> &connections)
{
    m_settings->remove(QStringLiteral("hosts")); // a shorter list leaves no old entries behind
    m_settings->beginWriteArray(QStringLiteral("hosts"), int(connections.size()));
    for (int i = 0; i < connections.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("name"), connections[i].name);
        m_settings->setValue(QStringLiteral("uri"), connections[i].uri);
    }
    m_settings->endArray();
}

} // namespace clonedeck
