#pragma once

// Lists of domain or VM ids written compactly as ranges ("2-1001,1003"), so that a reply
// naming a thousand clones still fits in one xenstore value (4096 bytes at most, and our
// records 2048). Parsing is bounded: a hostile "1-2000000000" is an error, not an allocation.
#include "Error.h"

#include <QList>
#include <QString>

namespace clonedeck::protocol {

QString formatIdRanges(QList<int> ids);
Result<QList<int>> parseIdRanges(const QString &text, int maxIds = 100000);

} // namespace clonedeck::protocol
