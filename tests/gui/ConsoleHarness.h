#pragma once

// The console as it ships, against a test's platform: the same ConsoleCore that
// app/clonedeck/main.cpp builds (every service, the event-log sink, the start-up
// sequence), its preferences, host-key pins and policies in a state directory, and the
// main window on it.
#include "SshHostOptions.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace clonedeck {
class ConsoleCore;
class MainWindow;
} // namespace clonedeck

namespace clonedeck::test {

class ConsoleHarness
{
public:
    // stateDir: where settings, pins and policies live (a console restarted on the same
    // directory finds them again); empty: a temporary directory of its own.
    // ssh: how the console reaches remote hosts (RemoteHostsFixture's key and known_hosts).
    explicit ConsoleHarness(const QString &socketPath, const QString &stateDir = {},
                            const SshHostOptions &ssh = {});
    ~ConsoleHarness();

    // Shows the window, connects, and waits until the start-up sequence has run (the mirror
    // loaded, the client key known, enabled policies started); empty once it has, else why not.
    QString start(int timeoutMs = 10000);

    MainWindow *window() const { return m_window.get(); }
    ConsoleCore &core() const { return *m_core; }

private:
    QTemporaryDir m_temporaryState;
    QString m_socketPath;
    std::unique_ptr<ConsoleCore> m_core;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace clonedeck::test
