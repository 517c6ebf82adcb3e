#pragma once

// Equal strings that many records repeat — a domain's cluster, backend and host — held once. A
// mirror of 10,000 domains otherwise keeps 30,000 separate copies of a handful of names (1.6 MB of
// the console's memory, measured). Strings nothing else holds any more are dropped as the pool grows.
#include <QSet>
#include <QString>

namespace clonedeck {

class StringPool
{
public:
    // value itself, or the pooled string equal to it (sharing its data).
    QString shared(const QString &value);
    qsizetype size() const { return m_strings.size(); }

private:
    void dropUnused();

    QSet<QString> m_strings;
    qsizetype m_dropAt = 64;
};

} // namespace clonedeck
