#pragma once

// Policies persisted per cluster in one settings file (INI via QSettings, each
// policy as its JSON), so they survive restarts of the console and can be shown
// or run headless by clonectl.
#include "Error.h"
#include "PolicyConfig.h"

#include <QMap>
#include <QString>

namespace clonedeck {

class PolicyStore
{
public:
    explicit PolicyStore(QString path = {}); // empty: <config dir>/clonedeck/policies.ini
    QString path() const { return m_path; }
    Status save(const PolicyConfig &config);
    Result<PolicyConfig> load(const QString &cluster) const;
    QMap<QString, Result<PolicyConfig>> loadAll() const;
    Status remove(const QString &cluster);

private:
    QString m_path;
};

} // namespace clonedeck
