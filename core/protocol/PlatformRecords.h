#pragma once

// The typed form of the records the platform publishes under /clonedeck: hosts,
// tickets and domains. Parsing validates every field, so a reader never acts on
// a half-understood record; serializing is what the platform writes.
#include "Error.h"
#include "Record.h"

#include <QString>

namespace clonedeck {

enum class TicketState
{
    Pending,
    Granted,
    Used,
    Expired,
    Released,
    Failed
};
enum class DomainRole
{
    Master,
    Clone
};
enum class DomainState
{
    Creating,
    Running,
    Stopping,
    Failed // the backend could not run it (reason in DomainInfo::error); its disk is kept for the operator
};

QString toString(TicketState state);
QString toString(DomainRole role);
QString toString(DomainState state);
std::optional<TicketState> ticketStateFromString(const QString &text);
std::optional<DomainRole> domainRoleFromString(const QString &text);
std::optional<DomainState> domainStateFromString(const QString &text);
bool isFinal(TicketState state); // expired, released, failed: holds nothing any more

struct HostInfo
{
    QString name;
    QString backend;     // what runs its VMs: "sandbox", "qemu"; empty in records of older platforms
    QString accelerator; // "kvm", "tcg"; empty for sandbox VMs
    int vcpus = 0;
    qint64 memoryMb = 0;
    int usedVcpus = 0;
    qint64 usedMemoryMb = 0;
    int reservedVcpus = 0;
    qint64 reservedMemoryMb = 0;

    int freeVcpus() const { return vcpus - usedVcpus - reservedVcpus; }
    qint64 freeMemoryMb() const { return memoryMb - usedMemoryMb - reservedMemoryMb; }
    Record toRecord() const;
    static Result<HostInfo> fromRecord(const QString &name, const Record &record);
    bool operator==(const HostInfo &) const = default;
};

struct TicketInfo
{
    QString id;
    int owner = 0; // the master's domid
    QString cluster;
    TicketState state = TicketState::Pending;
    int requested = 0;
    int granted = 0;
    int vcpus = 0;
    qint64 memoryMb = 0;
    qint64 timeoutMs = 0;
    qint64 createdMs = 0; // ms since the epoch
    qint64 expiresMs = 0; // an unused grant ends then; 0 = no expiry
    int used = 0;         // clones started on it
    int live = 0;         // clones alive now
    QString allocation;   // host:count,host:count
    QString error;        // why it failed

    int remaining() const { return granted - used; }
    Record toRecord() const;
    static Result<TicketInfo> fromRecord(const QString &id, const Record &record);
    bool operator==(const TicketInfo &) const = default;
};

struct DomainInfo
{
    int domid = 0;
    QString name;
    QString cluster;
    DomainRole role = DomainRole::Master;
    int master = 0; // the master's domid (its own for a master)
    int vmid = 0;   // 0 for the master, 1..m for clones
    QString ticket; // empty for a master
    DomainState state = DomainState::Creating;
    // The address on the cluster's network and the SSH port there: how the master reaches this
    // domain, and what `ltd` prints as `ip`/`port`.
    QString ip;
    int port = 0;
    // Where this domain's SSH answers from the host that runs it (a loopback address): how the
    // console, agents and `clonectl launch` reach it. The same as ip/port for sandbox VMs; a
    // record without ssh_host/ssh_port means exactly that.
    QString sshHost;
    int sshPort = 0;
    QString backend; // "sandbox", "qemu"; empty in records of older platforms
    QString error;   // why the domain is Failed
    int vcpus = 0;
    qint64 memoryMb = 0;
    QString host;
    qint64 createdMs = 0;

    Record toRecord() const;
    static Result<DomainInfo> fromRecord(int domid, const Record &record);
    bool operator==(const DomainInfo &) const = default;
};

struct PlatformInfo
{
    int version = 0;
    QString name;
    QString state; // running, stopping
    qint64 startedMs = 0;
    QString backend;   // the VM backend of this platform's domains
    QString clientKey; // the private key the platform installed in its masters (a path on its host)

    Record toRecord() const;
    static Result<PlatformInfo> fromRecord(const Record &record);
    bool operator==(const PlatformInfo &) const = default;
};

} // namespace clonedeck
