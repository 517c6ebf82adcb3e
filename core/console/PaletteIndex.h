#pragma once

// What the command palette offers — every action, domain, ticket and agent session — and
// which of them match what was typed, best first (FuzzyMatcher), recent choices ahead:
// with nothing typed, the recent ones in the order chosen, then the rest as given; with
// something typed, a recent choice gains a bonus that a clearly better match still beats.
// Widget-free: the palette widget gives it entries and shows what it returns.
#include <QList>
#include <QString>
#include <QStringList>

namespace clonedeck {

struct PaletteEntry
{
    enum class Kind
    {
        Action,
        Domain,
        Ticket,
        Agent
    };
    Kind kind = Kind::Action;
    QString key;    // unique and stable: "domain:12", "ticket:t-3", "agent:5", "action:<name>"
    QString text;   // what is matched and shown: a domain's name, an action's text
    QString detail; // shown beside it: state, IP, shortcut
};

class PaletteIndex
{
public:
    void setEntries(QList<PaletteEntry> entries) { m_entries = std::move(entries); }
    const QList<PaletteEntry> &entries() const { return m_entries; }
    QList<PaletteEntry> match(const QString &query, int limit) const;
    // Remembers a choice: it comes first next time.
    void noteChosen(const QString &key);
    QStringList recent() const { return m_recent; }
    void setRecent(const QStringList &keys);

    static constexpr int kRecentKept = 20;

private:
    QList<PaletteEntry> m_entries;
    QStringList m_recent; // most recent first
};

} // namespace clonedeck
