#pragma once

// Finds a file that ships beside Clonedeck's executables (the hypervisor stub, the sandbox
// VMs' init helper): named by an environment variable, else relative to the running
// executable's folder (the build tree and an installed tree look alike there), else at its
// installed path.
#include <QString>
#include <QStringList>

namespace clonedeck {

class CompanionFile
{
public:
    // `besideExecutable`: paths relative to the executable's folder, e.g. "../lib/x.so". Returns
    // the first candidate that exists (and is executable, if asked), absolute; empty if none.
    static QString find(const char *environmentVariable, const QStringList &besideExecutable,
                        const QString &installed, bool mustBeExecutable);
};

} // namespace clonedeck
