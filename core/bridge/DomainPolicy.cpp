#include "DomainPolicy.h"

#include "XenstoreWire.h"

namespace clonedeck::bridge {

namespace {

const QByteArray kPlatformRoot = QByteArrayLiteral("/clonedeck");
// Under a domain's own path, written only by the platform: the replies it gives the
// domain and the identity a toolstack writes.
const QByteArray kProtected[] = {QByteArrayLiteral("/clonedeck/replies"), QByteArrayLiteral("/name"),
                                 QByteArrayLiteral("/domid")};

bool isAtOrBelow(const QByteArray &path, const QByteArray &root)
{
    return path == root ||
           (path.size() > root.size() && path.startsWith(root) && path.at(root.size()) == '/');
}

bool hasValidCharacters(const QByteArray &path)
{
    for (const char c : path) {
        const bool valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '-' || c == '/' || c == '_' || c == '@';
        if (!valid)
            return false;
    }
    return true;
}

} // namespace

DomainPolicy::DomainPolicy(int domid)
    : m_domid(domid)
    , m_domainPath(QByteArrayLiteral("/local/domain/") + QByteArray::number(domid))
{}

bool DomainPolicy::isRelative(const QByteArray &guestPath)
{
    return !guestPath.startsWith('/') && !guestPath.startsWith('@');
}

std::optional<QByteArray> DomainPolicy::resolve(const QByteArray &guestPath) const
{
    if (guestPath.isEmpty() || guestPath.size() > xswire::kAbsolutePathMax)
        return std::nullopt;
    if (isRelative(guestPath) && guestPath.size() > xswire::kRelativePathMax)
        return std::nullopt;
    const QByteArray absolute = isRelative(guestPath) ? m_domainPath + '/' + guestPath : guestPath;
    if (absolute.size() > xswire::kAbsolutePathMax || absolute.contains("//") ||
        !hasValidCharacters(absolute))
        return std::nullopt;
    if (absolute.endsWith('/') && absolute != "/")
        return std::nullopt;
    return absolute;
}

bool DomainPolicy::isOwn(const QByteArray &absolute) const
{
    return isAtOrBelow(absolute, m_domainPath);
}

bool DomainPolicy::isProtected(const QByteArray &absolute) const
{
    for (const QByteArray &suffix : kProtected) {
        if (isAtOrBelow(absolute, m_domainPath + suffix))
            return true;
    }
    return false;
}

bool DomainPolicy::mayRead(const QByteArray &absolute) const
{
    return isOwn(absolute) || isAtOrBelow(absolute, kPlatformRoot);
}

bool DomainPolicy::mayWrite(const QByteArray &absolute) const
{
    return isOwn(absolute) && !isProtected(absolute);
}

bool DomainPolicy::mayRemove(const QByteArray &absolute) const
{
    // Removing an ancestor of a protected node would remove the node with it.
    for (const QByteArray &suffix : kProtected) {
        if (isAtOrBelow(m_domainPath + suffix, absolute))
            return false;
    }
    return mayWrite(absolute);
}

QByteArray DomainPolicy::eventPath(const QByteArray &absolute, bool relativeWatch) const
{
    if (!relativeWatch || !isOwn(absolute))
        return absolute;
    // "/local/domain/5/a/b" -> "a/b"; the domain's own node -> "" (as xenstored reports it).
    return absolute.mid(m_domainPath.size() + (absolute.size() > m_domainPath.size() ? 1 : 0));
}

} // namespace clonedeck::bridge
