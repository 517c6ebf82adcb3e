// Published records as the console and clonectl read them (a hostile domain
// may have written them on an unprotected xenstore): never crash, and what
// parses is internally consistent.
#include "PlatformRecords.h"
#include "ProtocolPaths.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    // The first line is a path (exercising the path parsers), the rest a record.
    const qsizetype newline = input.indexOf('\n');
    const QString path = QString::fromUtf8(input.left(std::max<qsizetype>(0, newline)));
    clonedeck::protocol::classify(path);
    clonedeck::protocol::parseRequestPath(path);
    const auto record = clonedeck::Record::parse(newline >= 0 ? input.mid(newline + 1) : input);
    if (!record)
        return 0;
    if (const auto ticket = clonedeck::TicketInfo::fromRecord(QStringLiteral("t1"), *record)) {
        if (ticket->granted > ticket->requested || ticket->used > ticket->granted ||
            ticket->live > ticket->used)
            std::abort();
        const auto again = clonedeck::TicketInfo::fromRecord(QStringLiteral("t1"), ticket->toRecord());
        if (!again || !(*again == *ticket))
            std::abort();
    }
    if (const auto domain = clonedeck::DomainInfo::fromRecord(7, *record)) {
        const auto again = clonedeck::DomainInfo::fromRecord(7, domain->toRecord());
        if (!again || !(*again == *domain))
            std::abort();
    }
    if (const auto host = clonedeck::HostInfo::fromRecord(QStringLiteral("h1"), *record)) {
        const auto again = clonedeck::HostInfo::fromRecord(QStringLiteral("h1"), host->toRecord());
        if (!again || !(*again == *host))
            std::abort();
    }
    return 0;
}
