#pragma once

// The console's preferences, typed, on one QSettings store: where to connect, which SSH
// identity and host-key policy agents use, how long bursts are coalesced, the language.
// Tests give it a temporary INI file; the application uses the user's default store.
#include "SettingValue.h"

#include <QSettings>
#include <QStringList>

#include <memory>

namespace clonedeck {

class ConsoleSettings
{
public:
    enum class Connection
    {
        Embedded,
        Socket,
        StandardXen
    };

    // The user's store (organisation/application names of QCoreApplication).
    ConsoleSettings();
    // A store of its own in an INI file (tests, screenshots).
    explicit ConsoleSettings(const QString &iniFile);

    Connection connection() const;
    void setConnection(Connection connection);
    QString socketPath() const { return m_socketPath.get(); }
    void setSocketPath(const QString &path) { m_socketPath.set(path); }
    // Empty: the key the platform installed in its masters.
    QString identityFile() const { return m_identityFile.get(); }
    void setIdentityFile(const QString &path) { m_identityFile.set(path); }
    // One of hostkeys::names(); anything else reads as the default (lineage).
    QString hostKeyPolicy() const;
    void setHostKeyPolicy(const QString &name) { m_hostKeyPolicy.set(name); }
    int coalescingMs() const;
    void setCoalescingMs(int ms) { m_coalescingMs.set(ms); }
    // Empty: the system's language; else "en", "de", "fr". Applied at the next start.
    QString language() const;
    void setLanguage(const QString &code) { m_language.set(code); }
    // Quitting the console leaves its embedded platform (clonedeckd) running for the next start.
    bool keepPlatformRunning() const { return m_keepPlatformRunning.get(); }
    void setKeepPlatformRunning(bool keep) { m_keepPlatformRunning.set(keep); }
    QString agentCommand() const { return m_agentCommand.get(); }
    void setAgentCommand(const QString &command) { m_agentCommand.set(command); }
    // The command palette's recent choices (entry keys, newest first), kept across starts.
    QStringList paletteRecent() const { return m_paletteRecent.get().mid(0, kPaletteRecentKept); }
    void setPaletteRecent(const QStringList &keys) { m_paletteRecent.set(keys.mid(0, kPaletteRecentKept)); }

    // More platforms than the one the console starts on (several hosts): each connected at
    // start, by its name, at its URI (unix:///path, ssh://[user@]host[:port]/path).
    struct RememberedConnection
    {
        QString name;
        QString uri;
        bool operator==(const RememberedConnection &) const = default;
    };
    QList<RememberedConnection> connections() const;
    void setConnections(const QList<RememberedConnection> &connections);

    static QStringList languages();
    static constexpr int kMaxCoalescingMs = 5000;
    static constexpr int kPaletteRecentKept = 20;

    void sync() { m_settings->sync(); }
    QString fileName() const { return m_settings->fileName(); }

private:
    explicit ConsoleSettings(std::unique_ptr<QSettings> settings);

    std::unique_ptr<QSettings> m_settings;
    SettingValue<QString> m_connection;
    SettingValue<QString> m_socketPath;
    SettingValue<QString> m_identityFile;
    SettingValue<QString> m_hostKeyPolicy;
    SettingValue<int> m_coalescingMs;
    SettingValue<QString> m_language;
    SettingValue<QString> m_agentCommand;
    SettingValue<bool> m_keepPlatformRunning;
    SettingValue<QStringList> m_paletteRecent;
};

} // namespace clonedeck
