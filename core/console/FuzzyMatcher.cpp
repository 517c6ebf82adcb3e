#include "FuzzyMatcher.h"

namespace clonedeck {

namespace {
constexpr int kPerCharacter = 10;
constexpr int kConsecutive = 15; // each character right after the previous match
constexpr int kWordStart = 20;   // a character opening a word
constexpr int kGapPenalty = 1;   // per skipped character
constexpr int kSubstring = 100;  // the whole pattern in one piece
constexpr int kReachesEnd = 60;  // ... ending the text
constexpr int kWholeText = 200;  // the text is the pattern

bool opensWord(QStringView text, qsizetype at)
{
    if (at == 0)
        return true;
    const QChar before = text[at - 1];
    return !before.isLetterOrNumber() || (before.isLower() && text[at].isUpper());
}

// Greedy left-to-right subsequence score; good enough for names of a few dozen characters.
std::optional<int> subsequenceScore(QStringView pattern, QStringView text)
{
    int total = 0;
    qsizetype previous = -2;
    qsizetype at = 0;
    for (const QChar wanted : pattern) {
        const QChar lower = wanted.toCaseFolded();
        while (at < text.size() && text[at].toCaseFolded() != lower)
            ++at;
        if (at == text.size())
            return std::nullopt;
        total += kPerCharacter;
        if (at == previous + 1)
            total += kConsecutive;
        else if (previous >= 0)
            total -= kGapPenalty * int(at - previous - 1);
        if (opensWord(text, at))
            total += kWordStart;
        previous = at++;
    }
    return total;
}
} // namespace

std::optional<int> FuzzyMatcher::score(QStringView pattern, QStringView text)
{
    pattern = pattern.trimmed();
    if (pattern.isEmpty())
        return 0;
    auto total = subsequenceScore(pattern, text);
    if (!total)
        return std::nullopt;
    if (const qsizetype at = text.lastIndexOf(pattern, -1, Qt::CaseInsensitive); at >= 0) {
        *total += kSubstring;
        if (at + pattern.size() == text.size())
            *total += at == 0 ? kWholeText : kReachesEnd;
        if (opensWord(text, at))
            *total += kWordStart;
    }
    return *total - int(text.size() - pattern.size()) / 4; // among equals, the shorter name
}

} // namespace clonedeck
