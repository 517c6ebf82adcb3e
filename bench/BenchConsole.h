#pragma once

// The real console benchmarked on a real platform: an offscreen QApplication, a
// clonedeckd grown to N domains (BenchPlatform), the console as it ships
// (tests/gui's ConsoleHarness: MainWindow wired as main() wires it) loaded with
// every one of them, and a moment for the window to lay out and paint. What
// bench_event_storm and bench_idle_console both start from.
#include "BenchPlatform.h"

#include <functional>

namespace clonedeck {
class ClusterMirror;
class MainWindow;
} // namespace clonedeck

namespace clonedeck::bench {

struct BenchConsole
{
    BenchPlatform &platform;
    ClusterMirror &mirror;
    MainWindow &window;
    double loadMs = 0; // the console's start() until it held every domain
};

// Runs `measure` on a console showing `domains` domains, after `settleMs` of letting it paint;
// a process exit status: measure's, or 1 with the reason printed if the console could not get there.
int runWithConsole(int argc, char *argv[], int domains, int settleMs,
                   const std::function<int(BenchConsole &console)> &measure);

} // namespace clonedeck::bench
