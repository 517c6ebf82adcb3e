#include "CompanionFile.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace clonedeck {

QString CompanionFile::find(const char *environmentVariable, const QStringList &besideExecutable,
                            const QString &installed, bool mustBeExecutable)
{
    QStringList candidates;
    if (const QString fromEnv = qEnvironmentVariable(environmentVariable); !fromEnv.isEmpty())
        candidates.append(fromEnv);
    // Without a QCoreApplication (a library's test, a tool) the executable is still known.
    const QString appDir =
        QCoreApplication::instance()
            ? QCoreApplication::applicationDirPath()
            : QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget().section(QLatin1Char('/'), 0, -2);
    for (const QString &relative : besideExecutable)
        candidates.append(appDir + QLatin1Char('/') + relative);
    candidates.append(installed);
    for (const QString &candidate : candidates) {
        const QFileInfo info(candidate);
        if (info.exists() && (!mustBeExecutable || info.isExecutable()))
            return info.absoluteFilePath();
    }
    return {};
}

} // namespace clonedeck
