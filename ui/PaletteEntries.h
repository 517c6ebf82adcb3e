#pragma once

// What the command palette lists, gathered when it opens: the window's actions (with their
// shortcuts), every domain (state, IP), ticket (state, granted/requested) and agent session.
#include "PaletteIndex.h"

class QAction;

namespace clonedeck {

class AgentModel;
class ClusterMirror;

QList<PaletteEntry> paletteEntries(const QList<QAction *> &actions, const ClusterMirror &mirror,
                                   const AgentModel &agents);
// The key of an action's entry ("action:" and its text without the mnemonic).
QString paletteKey(const QAction *action);

} // namespace clonedeck
