#include "XenstoreClient.h"

#include "Log.h"
#include "XenstoreWorker.h"

#include <QPromise>
#include <QThread>

namespace clonedeck {

namespace {
// Runs fn on the worker's thread with its connection and resolves the future there.
template<typename T>
QFuture<Result<T>> call(XenstoreWorker *worker, std::function<Result<T>(XenstoreConnection &)> fn)
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(worker, [worker, promise, fn = std::move(fn)] {
        promise->addResult(worker->withConnection<T>(fn));
        promise->finish();
    });
    return future;
}
} // namespace

XenstoreClient::XenstoreClient(QString socketPath, QObject *parent)
    : QObject(parent)
    , m_socketPath(socketPath.isEmpty() ? XenstoreConnection::defaultSocketPath() : std::move(socketPath))
{
    qRegisterMetaType<clonedeck::NodeChange>();
    qRegisterMetaType<QList<clonedeck::NodeChange>>();
    qRegisterMetaType<clonedeck::Error>();
    qRegisterMetaType<clonedeck::XenstoreClient::State>();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("xenstore"));
    m_worker = new XenstoreWorker(m_socketPath);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &XenstoreWorker::stateChanged, this, &XenstoreClient::onWorkerState);
    connect(m_worker, &XenstoreWorker::nodesChanged, this, &XenstoreClient::nodesChanged);
    connect(m_worker, &XenstoreWorker::resynced, this, &XenstoreClient::resynced);
    connect(m_worker, &XenstoreWorker::errorOccurred, this, &XenstoreClient::errorOccurred);
    m_thread->start();
}

XenstoreClient::~XenstoreClient()
{
    QMetaObject::invokeMethod(m_worker, &XenstoreWorker::shutdown, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void XenstoreClient::start()
{
    QMetaObject::invokeMethod(m_worker, &XenstoreWorker::connectNow);
}

void XenstoreClient::onWorkerState(State state, int retryInMs)
{
    m_state = state;
    emit stateChanged(state, retryInMs);
}

QFuture<Result<QByteArray>> XenstoreClient::read(const QString &path)
{
    return call<QByteArray>(m_worker, [path](XenstoreConnection &c) { return c.read(path); });
}

QFuture<Status> XenstoreClient::write(const QString &path, const QByteArray &value)
{
    return call<Done>(m_worker, [path, value](XenstoreConnection &c) { return c.write(path, value); });
}

QFuture<Result<QStringList>> XenstoreClient::directory(const QString &path)
{
    return call<QStringList>(m_worker, [path](XenstoreConnection &c) { return c.directory(path); });
}

QFuture<Status> XenstoreClient::remove(const QString &path)
{
    return call<Done>(m_worker, [path](XenstoreConnection &c) { return c.remove(path); });
}

QFuture<Status> XenstoreClient::mkdir(const QString &path)
{
    return call<Done>(m_worker, [path](XenstoreConnection &c) { return c.mkdir(path); });
}

QFuture<Status> XenstoreClient::setPermissions(const QString &path,
                                               const QList<XenstorePermission> &permissions)
{
    return call<Done>(
        m_worker, [path, permissions](XenstoreConnection &c) { return c.setPermissions(path, permissions); });
}

QFuture<Result<QHash<QString, QByteArray>>> XenstoreClient::readChildren(const QString &path)
{
    return call<QHash<QString, QByteArray>>(
        m_worker, [path](XenstoreConnection &c) -> Result<QHash<QString, QByteArray>> {
            auto names = c.directory(path);
            if (!names)
                return names.error();
            QHash<QString, QByteArray> values;
            values.reserve(names->size());
            for (const QString &name : *names) {
                auto value = c.read(path + QLatin1Char('/') + name);
                if (value)
                    values.insert(name, std::move(value).value());
                else if (value.error().code != ENOENT)
                    return value.error(); // a node that vanished in between is simply not there
            }
            return values;
        });
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
