#pragma once

// How well a typed pattern matches a name, for the command palette: the pattern's
// characters must appear in order (case-insensitive); a contiguous run scores more than
// scattered letters, a start of a word ("clone-12" in "web-clone-12") more than the middle
// of one, and a match reaching the end of the name more than a prefix of a longer one
// ("clone-12" prefers web-clone-12 to web-clone-120). No match: nullopt.
#include <QStringView>

#include <optional>

namespace clonedeck {

class FuzzyMatcher
{
public:
    static std::optional<int> score(QStringView pattern, QStringView text);
};

} // namespace clonedeck
