#pragma once

// The console's icons: an action's from the desktop theme when it has one, else the one
// bundled in resources/console_icons.qrc; a state's always the bundled one (its colour
// and symbol mean the same on every desktop).
#include "StateTone.h"

#include <QColor>
#include <QIcon>

namespace clonedeck {

class ConsoleIcons
{
public:
    // themeName: a freedesktop icon name; bundled: a file name under :/icons/actions.
    static QIcon action(const QString &themeName, const QString &bundled);
    static QIcon state(StateTone tone);
    static QColor colour(StateTone tone); // invalid for StateTone::None
};

} // namespace clonedeck
