#pragma once

// What `--connect URI` sets up before a verb runs. unix://PATH is --socket PATH. For
// ssh://, libxenstore (which names its socket only through the process-wide XENSTORED_PATH,
// fixed once before threads) is pointed at a relay socket in a private 0700 directory, the
// host's SSH connection is made (host key, authentication: every refusal is an answer, exit
// 69), and the relay bridges each xenstore connection to the remote socket over it; agents
// of `launch` reach the host's clones through the same connection (options.clonesVia).
#include "GlobalOptions.h"

#include <QTextStream>

#include <memory>

namespace clonedeck {
class SshHostPool;
class UnixSocketRelay;
} // namespace clonedeck

namespace clonedeck::cli {

class RemoteConnection
{
public:
    ~RemoteConnection();

    // Call before any thread starts. nullptr with *exitCode set (after a message on err) when
    // it cannot; nullptr with *exitCode 0 when there is nothing to set up.
    static std::unique_ptr<RemoteConnection> open(GlobalOptions &options, QTextStream &err, int *exitCode);

private:
    RemoteConnection();

    std::unique_ptr<SshHostPool> m_hosts;
    std::unique_ptr<UnixSocketRelay> m_relay;
};

} // namespace clonedeck::cli
