#pragma once

// Small value types of the xenstore client API.
#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace clonedeck {

// One entry of a node's permission list, as xenstore-chmod writes it: n0, r5, w1, b3.
// The first entry names the owner and the access of every domain not listed.
struct XenstorePermission
{
    enum Access
    {
        None,
        Read,
        Write,
        Both
    };
    int domid = 0;
    Access access = None;

    QString toString() const;
    static std::optional<XenstorePermission> parse(const QString &text);
    bool operator==(const XenstorePermission &) const = default;
};

struct WatchEvent
{
    QString path;
    QString token;
};

// Where a client's connection to xenstored stands. Connecting: the first attempt;
// Reconnecting: after it was lost, retrying with backoff; Disconnected: never reached yet.
enum class ConnectionState
{
    Disconnected,
    Connecting,
    Connected,
    Reconnecting
};

// A node seen changed by a watch: its value now, or nullopt if it is gone.
struct NodeChange
{
    QString path;
    std::optional<QByteArray> value;
};

// A child of a node, read with its value (XenstoreClient::readChildrenInSlices).
struct ChildValue
{
    QString name;
    QByteArray value;
};
using ChildValues = QList<ChildValue>;

} // namespace clonedeck

Q_DECLARE_METATYPE(clonedeck::NodeChange)
Q_DECLARE_METATYPE(clonedeck::ConnectionState)
