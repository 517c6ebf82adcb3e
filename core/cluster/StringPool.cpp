#include "StringPool.h"

namespace clonedeck {

QString StringPool::shared(const QString &value)
{
    if (value.isEmpty())
        return value;
    if (const auto it = m_strings.constFind(value); it != m_strings.cend())
        return *it;
    if (m_strings.size() >= m_dropAt)
        dropUnused();
    m_strings.insert(value);
    return value;
}

void StringPool::dropUnused()
{
    // A string only the pool holds is detached: no record uses it any more (its cluster ended).
    m_strings.removeIf([](const QString &s) { return s.isDetached(); });
    // Growing the threshold with the pool keeps the scans to a fraction of the insertions.
    m_dropAt = std::max<qsizetype>(64, 2 * m_strings.size());
}

} // namespace clonedeck
