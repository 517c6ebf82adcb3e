#include "PaletteIndex.h"

#include "FuzzyMatcher.h"

#include <algorithm>

namespace clonedeck {

namespace {
// The most recent choice gains this much, the 20th almost nothing: a whole-name match of
// something else (+200) still comes first.
constexpr int kRecentBonus = 60;
} // namespace

void PaletteIndex::noteChosen(const QString &key)
{
    m_recent.removeAll(key);
    m_recent.prepend(key);
    while (m_recent.size() > kRecentKept)
        m_recent.removeLast();
}

void PaletteIndex::setRecent(const QStringList &keys)
{
    m_recent = keys.mid(0, kRecentKept);
}

QList<PaletteEntry> PaletteIndex::match(const QString &query, int limit) const
{
    struct Scored
    {
        int score;
        qsizetype order;
    };
    QList<Scored> scored;
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const PaletteEntry &entry = m_entries[i];
        const auto score = FuzzyMatcher::score(query, entry.text);
        if (!score)
            continue;
        const qsizetype recency = m_recent.indexOf(entry.key);
        const int bonus = recency < 0 ? 0 : kRecentBonus * int(kRecentKept - recency) / kRecentKept;
        // Nothing typed: only recency orders (a recent one is always ahead of the rest).
        scored.append(
            {query.trimmed().isEmpty() ? (recency < 0 ? 0 : kRecentKept - int(recency)) : *score + bonus, i});
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const Scored &a, const Scored &b) { return a.score > b.score; });
    QList<PaletteEntry> best;
    for (qsizetype i = 0; i < scored.size() && i < limit; ++i)
        best.append(m_entries[scored[i].order]);
    return best;
}

} // namespace clonedeck
