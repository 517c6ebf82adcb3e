#include "ConsoleHarness.h"

#include "ConsoleCore.h"
#include "ConsoleSettings.h"
#include "MainWindow.h"

#include <QSignalSpy>

namespace clonedeck::test {

ConsoleHarness::ConsoleHarness(const QString &socketPath, const QString &stateDir, const SshHostOptions &ssh)
    : m_socketPath(socketPath)
    , m_core(std::make_unique<ConsoleCore>(stateDir.isEmpty() ? m_temporaryState.path() : stateDir, ssh))
{
    m_core->settings()->setCoalescingMs(0); // agent output shows at once: tests wait on it, not on a timer
    m_window = std::make_unique<MainWindow>(*m_core);
}

ConsoleHarness::~ConsoleHarness()
{
    m_window.reset();
    m_core.reset();
}

QString ConsoleHarness::start(int timeoutMs)
{
    m_window->show();
    QSignalSpy ready(m_core.get(), &ConsoleCore::ready);
    m_core->connectTo(m_socketPath);
    return ready.wait(timeoutMs) ? QString()
                                 : QStringLiteral("the console did not start in %1 ms").arg(timeoutMs);
}

} // namespace clonedeck::test
