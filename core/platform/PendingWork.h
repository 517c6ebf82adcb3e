#pragma once

// Continues a VM backend's future on the control plane's own thread, through
// the event loop: never from inside the backend's call, never on the backend's
// thread, and not at all once `context` is gone (a QFutureWatcher owned by it
// carries the result, which is how Qt makes this safe across threads).
#include <QFutureWatcher>

namespace clonedeck {

// `fallback` stands in for a result the future never got (a backend that cancelled).
template<typename T, typename Continuation>
void whenDone(const QFuture<T> &future, QObject *context, T fallback, Continuation continuation)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(
        watcher, &QFutureWatcherBase::finished, context,
        [watcher, fallback = std::move(fallback), continuation = std::move(continuation)]() mutable {
            watcher->deleteLater();
            const QFuture<T> done = watcher->future();
            continuation(done.resultCount() > 0 ? done.result() : std::move(fallback));
        });
    watcher->setFuture(future);
}

} // namespace clonedeck
