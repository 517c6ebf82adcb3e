#include "ConsoleIcons.h"

#include <QFile>

// Outside any namespace, as Q_INIT_RESOURCE must be: the icons live in a static library.
static void initConsoleIcons()
{
    Q_INIT_RESOURCE(console_icons);
}

namespace clonedeck {

namespace {
QIcon bundled(const QString &path)
{
    static const bool initialised = (initConsoleIcons(), true);
    Q_UNUSED(initialised);
    return QFile::exists(path) ? QIcon(path) : QIcon();
}
} // namespace

QIcon ConsoleIcons::action(const QString &themeName, const QString &bundledName)
{
    return QIcon::fromTheme(themeName, bundled(QStringLiteral(":/icons/actions/%1.svg").arg(bundledName)));
}

QIcon ConsoleIcons::state(StateTone tone)
{
    static const char *const files[] = {nullptr, "running", "starting", "stopping", "failed", "unreachable"};
    const char *file = files[int(tone)];
    return file ? bundled(QStringLiteral(":/icons/states/%1.svg").arg(QLatin1String(file))) : QIcon();
}

QColor ConsoleIcons::colour(StateTone tone)
{
    // The icons' colours, dark enough for text on a light background (contrast >= 4.5:1 on white).
    switch (tone) {
    case StateTone::Running:
        return QColor(0x1e, 0x7a, 0x46);
    case StateTone::Starting:
        return QColor(0x8a, 0x6a, 0x00);
    case StateTone::Stopping:
        return QColor(0xa8, 0x4a, 0x0c);
    case StateTone::Failed:
        return QColor(0xb0, 0x1c, 0x1c);
    case StateTone::Unreachable:
        return QColor(0x5f, 0x6b, 0x6d);
    case StateTone::None:
        break;
    }
    return {};
}

} // namespace clonedeck
