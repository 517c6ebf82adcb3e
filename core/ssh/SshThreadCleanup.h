#pragma once

class QThread;

namespace clonedeck {

// For a thread that runs libssh sessions. OpenSSL, under libssh's key exchanges, keeps a random
// generator per thread (EVP_RAND_CTX_new from ssh_get_random) that a QThread ending does not give
// back: `make test-asan` found one such leak per SSH host thread in clonectl over ssh://, and a
// console reconnecting a host makes a new thread each time. The thread frees it as it finishes.
void releaseCryptoStateWhenFinished(QThread *thread);

} // namespace clonedeck
