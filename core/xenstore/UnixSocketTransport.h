#pragma once

// A xenstored on this host: its unix socket (dom0's /run/xenstored/socket, or the
// embedded platform's), or a character device that carries the same protocol
// (a guest's /dev/xen/xenbus).
#include "XenstoreTransport.h"

namespace clonedeck {

class UnixSocketTransport : public XenstoreTransport
{
public:
    explicit UnixSocketTransport(QString path);

    Result<int> connect() override;
    QString uri() const override { return QStringLiteral("unix://") + m_path; }
    QString path() const { return m_path; }

private:
    QString m_path;
};

} // namespace clonedeck
