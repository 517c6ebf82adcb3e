#include "SshThreadCleanup.h"

#include <QThread>

#include <openssl/crypto.h>

namespace clonedeck {

void releaseCryptoStateWhenFinished(QThread *thread)
{
    // finished() is emitted on the thread itself once its event loop has ended, so a direct
    // connection frees that thread's state, after its last libssh call.
    QObject::connect(
        thread, &QThread::finished, thread, [] { OPENSSL_thread_stop(); }, Qt::DirectConnection);
}

} // namespace clonedeck
