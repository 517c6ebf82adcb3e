#include "TestEnvironment.h"

#include <QCoreApplication>
#include <QDir>

#include <unistd.h>

namespace clonedeck::test {

namespace {
QString fromEnvironment(const char *name, const QString &fallback)
{
    const QString value = qEnvironmentVariable(name);
    return value.isEmpty() ? fallback : value;
}
} // namespace

QString binDir()
{
    return fromEnvironment("CLONEDECK_BIN_DIR",
                           QCoreApplication::applicationDirPath() + QStringLiteral("/../bin"));
}

QString libDir()
{
    return fromEnvironment("CLONEDECK_LIB_DIR",
                           QCoreApplication::applicationDirPath() + QStringLiteral("/../lib"));
}

QString sourceDir()
{
    return fromEnvironment("CLONEDECK_SOURCE_DIR", QDir::currentPath());
}

QString loopbackPrefix()
{
    // 127.100.x.x .. 127.249.x.x: away from 127.0.0.1 and from the product's default 127.77.0.0/16.
    const int second = 100 + int(getpid() % 150);
    return QStringLiteral("127.%1.").arg(second);
}

} // namespace clonedeck::test
