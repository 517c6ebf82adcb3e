#include "XenstoreClient.h"

#include "UnixSocketTransport.h"
#include "XenstoreConnection.h"
#include "XenstoreWorker.h"

#include <QPromise>
#include <QThread>

namespace clonedeck {

XenstoreClient::XenstoreClient(const QString &socketPath, QObject *parent)
    : XenstoreClient(parent)
{
    m_socketPath = socketPath.isEmpty() ? XenstoreConnection::defaultSocketPath() : socketPath;
}

XenstoreClient::XenstoreClient(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<clonedeck::NodeChange>();
    qRegisterMetaType<QList<clonedeck::NodeChange>>();
    qRegisterMetaType<clonedeck::Error>();
    qRegisterMetaType<clonedeck::ConnectionState>();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("xenstore"));
    m_worker = new XenstoreWorker;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &XenstoreWorker::stateChanged, this, &XenstoreClient::onWorkerState);
    connect(m_worker, &XenstoreWorker::nodesChanged, this, &XenstoreClient::nodesChanged);
    connect(m_worker, &XenstoreWorker::errorOccurred, this, &XenstoreClient::errorOccurred);
    m_thread->start();
}

XenstoreClient::~XenstoreClient()
{
    // Closing the connection fails whatever still waits (a platform call waiting on capacity
    // included), so nothing here waits for the platform.
    QMetaObject::invokeMethod(m_worker, &XenstoreWorker::shutdown, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void XenstoreClient::start()
{
    start(std::make_unique<UnixSocketTransport>(m_socketPath));
}

void XenstoreClient::start(std::unique_ptr<XenstoreTransport> transport)
{
    m_uri = transport->uri();
    // Handed over whole to the worker's thread, which owns it from now on.
    auto handover = std::make_shared<std::unique_ptr<XenstoreTransport>>(std::move(transport));
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, handover] { worker->start(std::move(*handover)); });
}

void XenstoreClient::onWorkerState(State state, int retryInMs)
{
    const bool resync = state == State::Connected && m_everConnected;
    m_everConnected = m_everConnected || state == State::Connected;
    m_state = state;
    emit stateChanged(state, retryInMs);
    if (resync)
        emit resynced(); // connected again, every watch back in place
}

// Runs `call(worker, then)` on the worker's thread; `then` resolves the future there.
template<typename T, typename Call>
QFuture<Result<T>> XenstoreClient::call(Call call)
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, promise, call = std::move(call)] {
        call(worker, [promise](Result<T> result) {
            promise->addResult(std::move(result));
            promise->finish();
        });
    });
    return future;
}

QFuture<Result<QByteArray>> XenstoreClient::read(const QString &path)
{
    return call<QByteArray>([path](XenstoreWorker *w, auto then) { w->read(path, std::move(then)); });
}

QFuture<Status> XenstoreClient::write(const QString &path, const QByteArray &value)
{
    return call<Done>(
        [path, value](XenstoreWorker *w, auto then) { w->write(path, value, std::move(then)); });
}

QFuture<Result<QStringList>> XenstoreClient::directory(const QString &path)
{
    return call<QStringList>([path](XenstoreWorker *w, auto then) { w->directory(path, std::move(then)); });
}

QFuture<Status> XenstoreClient::remove(const QString &path)
{
    return call<Done>([path](XenstoreWorker *w, auto then) { w->remove(path, std::move(then)); });
}

QFuture<Status> XenstoreClient::mkdir(const QString &path)
{
    return call<Done>([path](XenstoreWorker *w, auto then) { w->mkdir(path, std::move(then)); });
}

QFuture<Status> XenstoreClient::setPermissions(const QString &path,
                                               const QList<XenstorePermission> &permissions)
{
    return call<Done>([path, permissions](XenstoreWorker *w, auto then) {
        w->setPermissions(path, permissions, std::move(then));
    });
}

QFuture<Result<QHash<QString, QByteArray>>> XenstoreClient::readChildren(const QString &path)
{
    return call<QHash<QString, QByteArray>>([path](XenstoreWorker *w, auto then) {
        auto values = std::make_shared<QHash<QString, QByteArray>>();
        w->readChildren(
            path,
            [values](ChildValues slice) {
                for (ChildValue &child : slice)
                    values->insert(child.name, std::move(child.value));
            },
            [values, then](const Status &status) {
                then(status ? Result<QHash<QString, QByteArray>>(std::move(*values))
                            : Result<QHash<QString, QByteArray>>(status.error()));
            });
    });
}

QFuture<Result<ChildValues>> XenstoreClient::readChildrenInSlices(const QString &path)
{
    auto promise = std::make_shared<QPromise<Result<ChildValues>>>();
    QFuture<Result<ChildValues>> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, path, promise] {
        worker->readChildren(
            path, [promise](ChildValues slice) { promise->addResult(Result<ChildValues>(std::move(slice))); },
            [promise](const Status &status) {
                if (!status)
                    promise->addResult(Result<ChildValues>(status.error()));
                promise->finish();
            });
    });
    return future;
}

void XenstoreClient::watch(const QString &path, const QString &token)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, path, token] { worker->addWatch(path, token); });
}

void XenstoreClient::unwatch(const QString &path, const QString &token)
{
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, path, token] { worker->removeWatch(path, token); });
}

} // namespace clonedeck
