#pragma once

// One typed key of a QSettings store with its default, so callers never spell a key
// twice or convert a QVariant by hand (after qBittorrent's settingvalue.h).
#include <QSettings>
#include <QString>

namespace clonedeck {

template<typename T>
class SettingValue
{
public:
    SettingValue(QSettings *settings, QString key, T defaultValue)
        : m_settings(settings)
        , m_key(std::move(key))
        , m_default(std::move(defaultValue))
    {}

    T get() const
    {
        const QVariant value = m_settings->value(m_key);
        return value.isValid() && value.canConvert<T>() ? value.value<T>() : m_default;
    }
    void set(const T &value) { m_settings->setValue(m_key, QVariant::fromValue(value)); }
    T defaultValue() const { return m_default; }
    QString key() const { return m_key; }

private:
    QSettings *m_settings;
    QString m_key;
    T m_default;
};

} // namespace clonedeck
