#pragma once

// The verbs of clonectl (Copper's `gc` verbs and more), each printing the
// output contract that scripts rely on (docs/clonectl.md).
#include "GlobalOptions.h"
#include "PlatformClient.h"

#include <QStringList>
#include <QTextStream>

namespace clonedeck::cli {

class ClonectlCommands
{
public:
    ClonectlCommands(PlatformClient &client, QTextStream &out, QTextStream &err,
                     const GlobalOptions &options);

    int requestTicket(const QStringList &args);
    int clone(const QStringList &args);
    int isMaster(const QStringList &args);
    int listTicketDetails(const QStringList &args);
    int join(const QStringList &args);
    int kill(const QStringList &args);
    int release(const QStringList &args);
    int tickets(const QStringList &args);
    int domains(const QStringList &args);
    int hosts(const QStringList &args);
    int history(const QStringList &args);

    static QString usage(const QString &verb); // empty for an unknown verb
    static QString synopsis(const QString &verb);
    static QStringList verbs();

private:
    int fail(const Error &error);
    int usageError(const QString &verb, const QString &problem);

    PlatformClient &m_client;
    QTextStream &m_out;
    QTextStream &m_err;
    GlobalOptions m_options;
};

} // namespace clonedeck::cli
