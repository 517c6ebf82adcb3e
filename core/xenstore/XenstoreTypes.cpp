#include "XenstoreTypes.h"

namespace clonedeck {

QString XenstorePermission::toString() const
{
    static const char letters[] = {'n', 'r', 'w', 'b'};
    return QLatin1Char(letters[access]) + QString::number(domid);
}

std::optional<XenstorePermission> XenstorePermission::parse(const QString &text)
{
    if (text.size() < 2)
        return std::nullopt;
    static const QString letters = QStringLiteral("nrwb");
    const qsizetype access = letters.indexOf(text.at(0));
    bool ok = false;
    const int domid = text.mid(1).toInt(&ok);
    if (access < 0 || !ok || domid < 0)
        return std::nullopt;
    return XenstorePermission{domid, Access(access)};
}

} // namespace clonedeck
