#include "PolicyStore.h"

#include <QJsonDocument>
#include <QSettings>
#include <QStandardPaths>

namespace clonedeck {

PolicyStore::PolicyStore(QString path)
    : m_path(path.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
                                  QStringLiteral("/clonedeck/policies.ini")
                            : std::move(path))
{}

Status PolicyStore::save(const PolicyConfig &config)
{
    QSettings settings(m_path, QSettings::IniFormat);
    settings.beginGroup(QStringLiteral("policies"));
    settings.setValue(config.cluster,
                      QString::fromUtf8(QJsonDocument(config.toJson()).toJson(QJsonDocument::Compact)));
    settings.endGroup();
    settings.sync();
    if (settings.status() != QSettings::NoError)
        return Error{EIO, m_path, QStringLiteral("cannot write the policy file")};
    return Done{};
}

Result<PolicyConfig> PolicyStore::load(const QString &cluster) const
{
    QSettings settings(m_path, QSettings::IniFormat);
    settings.beginGroup(QStringLiteral("policies"));
    if (!settings.contains(cluster))
        return Error{ENOENT, cluster, QStringLiteral("no policy stored for this cluster in ") + m_path};
    return PolicyConfig::fromJsonBytes(settings.value(cluster).toString().toUtf8());
}

QMap<QString, Result<PolicyConfig>> PolicyStore::loadAll() const
{
    QSettings settings(m_path, QSettings::IniFormat);
    settings.beginGroup(QStringLiteral("policies"));
    QMap<QString, Result<PolicyConfig>> all;
    for (const QString &cluster : settings.childKeys())
        all.insert(cluster, PolicyConfig::fromJsonBytes(settings.value(cluster).toString().toUtf8()));
    return all;
}

Status PolicyStore::remove(const QString &cluster)
{
    QSettings settings(m_path, QSettings::IniFormat);
    settings.beginGroup(QStringLiteral("policies"));
    settings.remove(cluster);
    return Done{};
}

} // namespace clonedeck
