// What confinement costs a sandbox VM's command, without SSH around it: 200 commands (the agent
// fan-out's `echo ready; exec sleep 60`), one per VM, started at once from 200 threads through
// SandboxCommand, which is what a clonedeckd connection thread runs for an SSH `exec`, until each
// has printed its first line. Confined as shipped (each VM's init starts the command in PID and
// mount namespaces of its own, as the VM's own uid when root) against unconfined
// (vm_confinement=none: the shell a child of the daemon) in the same run: one warm-up round of
// each (the confined one also starts every VM's init, printed on its own), then 5 alternating
// rounds. The figure is the machine's CPU time (both cores, /proc/stat) from the first start to
// the last first line: the 2 cores are saturated, so CPU, not waiting, sets a fan-out's pace.
#include "BenchSupport.h"
#include "SandboxCommand.h"
#include "SandboxConfinement.h"
#include "SandboxDisk.h"
#include "SandboxSshServer.h"
#include "SandboxVmInitHolder.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <fstream>
#include <future>
#include <latch>
#include <optional>
#include <thread>
#include <vector>

#include <poll.h>
#include <unistd.h>

using namespace clonedeck;
using namespace clonedeck::bench;

namespace {

constexpr int kCommands = 200;
constexpr int kRounds = 5;
constexpr int kDeadlineMs = 60000;
const std::string kCommand = "echo ready; exec sleep 60";

// CPU time of the whole machine so far: /proc/stat's first line, user, nice, system, irq and
// softirq (not idle, iowait, or steal, the time the hypervisor gave to others; guest time is in
// user time already).
double machineBusyMs()
{
    std::ifstream stat("/proc/stat");
    std::string label;
    stat >> label;
    double ticks = 0;
    long long value = 0;
    for (int field = 0; field < 7 && stat >> value; ++field) {
        if (field != 3 && field != 4)
            ticks += double(value);
    }
    return ticks * 1000.0 / double(::sysconf(_SC_CLK_TCK));
}

// kCommands VMs (directories in one private run directory) under one confinement, each with
// the holder of its init, as SandboxSshServer keeps them per endpoint.
struct VmSet
{
    std::vector<SandboxEndpointSpec> specs;
    std::vector<SandboxVmInitHolder> inits;

    static std::optional<VmSet> make(const QString &requested, const QString &runDir)
    {
        if (!QDir().mkpath(runDir + QStringLiteral("/vms")) ||
            !QFile::setPermissions(runDir,
                                   QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
            return std::nullopt;
        auto confinement = SandboxConfinement::choose(requested, SandboxConfinement::kDefaultUidBase, runDir);
        if (!confinement) {
            qCritical("%s", qPrintable(confinement.error().toString()));
            return std::nullopt;
        }
        VmSet set;
        set.specs.resize(kCommands);
        set.inits = std::vector<SandboxVmInitHolder>(kCommands);
        for (int i = 0; i < kCommands; ++i) {
            SandboxEndpointSpec &spec = set.specs[size_t(i)];
            spec.domid = 100 + i;
            spec.vmid = i + 1;
            spec.ticket = QStringLiteral("bench");
            spec.directory = runDir + QStringLiteral("/vms/") + QString::number(spec.domid);
            spec.confinement = *confinement;
            if (!QDir().mkpath(spec.directory))
                return std::nullopt;
            if (confinement->mode == SandboxConfinementMode::SeparateUsers &&
                !SandboxDisk::giveTo(spec.directory, confinement->uidFor(spec.domid),
                                     confinement->gidFor(spec.domid)))
                return std::nullopt;
        }
        return set;
    }
};

// Until every pipe has given a line (the command's first output is the whole "ready\n"); false
// if one ended or failed without one, or the deadline passed.
bool waitForFirstLines(const std::vector<int> &outputs)
{
    std::vector<pollfd> waiting;
    for (int fd : outputs)
        waiting.push_back({fd, POLLIN, 0});
    bool allGaveALine = true;
    QElapsedTimer timer;
    timer.start();
    while (!waiting.empty() && timer.elapsed() < kDeadlineMs) {
        if (::poll(waiting.data(), waiting.size(), int(kDeadlineMs - timer.elapsed())) <= 0)
            continue;
        std::erase_if(waiting, [&](const pollfd &p) {
            if (p.revents == 0)
                return false;
            char line[64];
            allGaveALine = ::read(p.fd, line, sizeof line) > 0 && allGaveALine;
            return true;
        });
    }
    return waiting.empty() && allGaveALine;
}

// Until every command (and a confined one's init) has ended, so that a round's teardown does
// not run into the next round.
bool waitForEnds(std::vector<SandboxCommand> &commands)
{
    std::vector<pollfd> waiting;
    for (const SandboxCommand &command : commands) {
        if (command.pidfd() >= 0)
            waiting.push_back({command.pidfd(), POLLIN, 0});
    }
    QElapsedTimer timer;
    timer.start();
    while (!waiting.empty() && timer.elapsed() < kDeadlineMs) {
        if (::poll(waiting.data(), waiting.size(), int(kDeadlineMs - timer.elapsed())) > 0)
            std::erase_if(waiting, [](const pollfd &p) { return p.revents != 0; });
    }
    return waiting.empty();
}

// One round: the machine's CPU milliseconds from the first start to the last first line, or
// nothing (the reason printed). Each command is started on a thread of its own, which lives until
// the round ends, as a connection's thread does in clonedeckd (an unconfined command dies with
// the thread that started it).
std::optional<double> runRound(VmSet &vms)
{
    std::vector<SandboxCommand> commands(vms.specs.size());
    std::vector<QString> errors(vms.specs.size());
    std::latch started(ptrdiff_t(vms.specs.size()));
    std::promise<void> roundOver;
    const std::shared_future<void> over = roundOver.get_future().share();
    const double cpuBefore = machineBusyMs();
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < vms.specs.size(); ++i) {
        threads.emplace_back([&, i] {
            if (auto command = SandboxCommand::start(vms.specs[i], kCommand, {}, vms.inits[i]))
                commands[i] = std::move(command).value();
            else
                errors[i] = command.error().toString();
            started.count_down();
            over.wait();
        });
    }
    started.wait();
    std::vector<int> outputs;
    for (SandboxCommand &command : commands) {
        if (const int fd = command.takeStdout(); fd >= 0)
            outputs.push_back(fd);
    }
    const bool allReady = outputs.size() == commands.size() && waitForFirstLines(outputs);
    const double cpuMs = machineBusyMs() - cpuBefore;
    for (SandboxCommand &command : commands)
        command.end(0);
    const bool allEnded = waitForEnds(commands);
    roundOver.set_value();
    threads.clear();
    for (int fd : outputs)
        ::close(fd);
    for (const QString &error : errors) {
        if (!error.isEmpty()) {
            qCritical("a command did not start: %s", qPrintable(error));
            return std::nullopt;
        }
    }
    if (!allReady || !allEnded) {
        qCritical("the commands did not all %s within %d ms", allReady ? "end" : "print their line",
                  kDeadlineMs);
        return std::nullopt;
    }
    return cpuMs;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    // Confinement as clonedeckd would choose it here; a machine that allows none has nothing to
    // compare (clonedeckd itself refuses to start there unless told vm_confinement=none).
    if (const auto possible = SandboxConfinement::choose(QStringLiteral("auto"),
                                                         SandboxConfinement::kDefaultUidBase, dir.path());
        !possible) {
        QTextStream(stdout) << "note sandbox commands: not measured: " << possible.error().toString()
                            << Qt::endl;
        return 0;
    }
    std::optional<VmSet> confined =
        VmSet::make(QStringLiteral("auto"), dir.path() + QStringLiteral("/confined"));
    std::optional<VmSet> bare = VmSet::make(QStringLiteral("none"), dir.path() + QStringLiteral("/bare"));
    if (!dir.isValid() || !confined || !bare) {
        qCritical("cannot prepare the VMs' directories in %s", qPrintable(dir.path()));
        return 1;
    }
    const std::optional<double> firstRound = runRound(*confined);
    if (!firstRound || !runRound(*bare))
        return 1;
    QList<double> confinedMs, bareMs, ratios;
    for (int round = 0; round < kRounds; ++round) {
        const std::optional<double> confinedRound = runRound(*confined);
        const std::optional<double> bareRound = runRound(*bare);
        if (!confinedRound || !bareRound)
            return 1;
        confinedMs.push_back(*confinedRound);
        bareMs.push_back(*bareRound);
        ratios.push_back(*confinedRound / *bareRound);
    }
    QTextStream rounds(stdout);
    rounds << "note sandbox commands, CPU per round of " << kCommands << " (ms), confined ("
           << confined->specs.front().confinement.describe() << "):";
    for (double ms : confinedMs)
        rounds << ' ' << qRound(ms);
    rounds << "; unconfined:";
    for (double ms : bareMs)
        rounds << ' ' << qRound(ms);
    rounds << Qt::endl;
    figure(QStringLiteral("sandbox_commands_%1_confined_cpu").arg(kCommands), percentile(confinedMs, 50),
           QStringLiteral("ms"));
    figure(QStringLiteral("sandbox_commands_%1_unconfined_cpu").arg(kCommands), percentile(bareMs, 50),
           QStringLiteral("ms"));
    figure(QStringLiteral("sandbox_commands_%1_confined_vs_unconfined_cpu").arg(kCommands),
           percentile(ratios, 50), QStringLiteral("x"));
    figure(QStringLiteral("sandbox_commands_%1_confined_first_round_cpu").arg(kCommands), *firstRound,
           QStringLiteral("ms"));
    return 0;
}
