#include "AgentTypes.h"

#include "TcpTunnel.h"

namespace clonedeck {

namespace {
struct AgentStateWords
{
    AgentState state;
    const char *name; // in logs, JSON and the launcher's records
    const char *text; // what people read; AgentModel translates it (the context below)
};

constexpr AgentStateWords kStateWords[] = {
    {AgentState::WaitingForClone, "waiting-for-clone",
     QT_TRANSLATE_NOOP("clonedeck::AgentModel", "waiting for clone")},
    {AgentState::WaitingForIp, "waiting-for-ip",
     QT_TRANSLATE_NOOP("clonedeck::AgentModel", "waiting for address")},
    {AgentState::Connecting, "connecting", QT_TRANSLATE_NOOP("clonedeck::AgentModel", "connecting")},
    {AgentState::Handshaking, "handshaking", QT_TRANSLATE_NOOP("clonedeck::AgentModel", "handshaking")},
    {AgentState::Authenticating, "authenticating",
     QT_TRANSLATE_NOOP("clonedeck::AgentModel", "authenticating")},
    {AgentState::Starting, "starting", QT_TRANSLATE_NOOP("clonedeck::AgentModel", "starting")},
    {AgentState::Running, "running", QT_TRANSLATE_NOOP("clonedeck::AgentModel", "running")},
    {AgentState::Stopping, "stopping", QT_TRANSLATE_NOOP("clonedeck::AgentModel", "stopping")},
    {AgentState::Exited, "exited", QT_TRANSLATE_NOOP("clonedeck::AgentModel", "exited")},
    {AgentState::Failed, "failed", QT_TRANSLATE_NOOP("clonedeck::AgentModel", "failed")},
};

const AgentStateWords *wordsFor(AgentState state)
{
    for (const AgentStateWords &words : kStateWords) {
        if (words.state == state)
            return &words;
    }
    return nullptr;
}
} // namespace

QString agentStateName(AgentState state)
{
    const AgentStateWords *words = wordsFor(state);
    return words ? QLatin1String(words->name) : QStringLiteral("unknown");
}

const char *agentStateText(AgentState state)
{
    const AgentStateWords *words = wordsFor(state);
    return words ? words->text : "";
}

bool isFinal(AgentState state)
{
    return state == AgentState::Exited || state == AgentState::Failed;
}

QString pinScope(const AgentTarget &target)
{
    return target.masterCreatedMs > 0
               ? QStringLiteral("%1@%2").arg(target.cluster).arg(target.masterCreatedMs)
               : target.cluster;
}

QStringList identityFilesFor(const AgentLaunchOptions &options)
{
    if (options.identityFiles.isEmpty() && options.tunnel)
        return options.tunnel->identityFiles();
    return options.identityFiles;
}

} // namespace clonedeck
