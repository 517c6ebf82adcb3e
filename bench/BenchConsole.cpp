#include "BenchConsole.h"

#include "BenchSupport.h"
#include "ClusterMirror.h"
#include "ConsoleCore.h"
#include "ConsoleHarness.h"

#include <QApplication>
#include <QElapsedTimer>

namespace clonedeck::bench {

int runWithConsole(int argc, char *argv[], int domains, int settleMs,
                   const std::function<int(BenchConsole &console)> &measure)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    BenchPlatform platform;
    if (const QString error = platform.startGrownTo(domains); !error.isEmpty()) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    test::ConsoleHarness console(platform.socketPath());
    QElapsedTimer loadTimer;
    loadTimer.start();
    if (const QString error = console.start(120000); !error.isEmpty()) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    BenchConsole bench{platform, *console.core().mirror(), *console.window(), loadTimer.nsecsElapsed() / 1e6};
    if (bench.mirror.domains().size() != domains) {
        qCritical("the console holds %lld domains, not %d", qlonglong(bench.mirror.domains().size()),
                  domains);
        return 1;
    }
    QElapsedTimer settle;
    settle.start();
    runUntil([&] { return settle.elapsed() > settleMs; }, settleMs + 3000);
    return measure(bench);
}

} // namespace clonedeck::bench
