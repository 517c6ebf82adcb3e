#include "DomainRecordWriter.h"

#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

#include <QRandomGenerator>

#include <chrono>

namespace clonedeck::bench {

DomainRecordWriter::DomainRecordWriter(QString socketPath)
    : m_socketPath(std::move(socketPath))
    , m_context(new QObject)
{
    qRegisterMetaType<StormResult>();
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

DomainRecordWriter::~DomainRecordWriter()
{
    QMetaObject::invokeMethod(
        m_context, [this] { m_xs.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

qint64 DomainRecordWriter::now()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void DomainRecordWriter::writeNow(const DomainInfo &domain)
{
    if (!m_xs) {
        auto connection = XenstoreConnection::open(m_socketPath);
        if (!connection) {
            qCritical("writer: %s", qPrintable(connection.error().toString()));
            return;
        }
        m_xs = std::move(connection).value();
    }
    const QByteArray record = domain.toRecord().serialize();
    m_sentAt.store(now());
    if (auto written = m_xs->write(protocol::domainPath(domain.domid), record); !written)
        qCritical("writer: %s", qPrintable(written.error().toString()));
}

void DomainRecordWriter::write(const DomainInfo &domain)
{
    QMetaObject::invokeMethod(m_context, [this, domain] { writeNow(domain); });
}

void DomainRecordWriter::storm(QList<DomainInfo> domains, int perSecond, int seconds)
{
    QMetaObject::invokeMethod(m_context, [this, domains = std::move(domains), perSecond, seconds]() mutable {
        // Paced by the clock: after t seconds, t * perSecond writes are out (a late writer catches up).
        std::shuffle(domains.begin(), domains.end(), *QRandomGenerator::global());
        const qint64 start = now();
        const qint64 total = qint64(perSecond) * seconds;
        StormResult result;
        qsizetype next = 0;
        while (result.writes < total) {
            const qint64 due = std::min<qint64>(total, (now() - start) * perSecond / 1000000000 + 1);
            if (result.writes >= due) {
                QThread::usleep(200);
                continue;
            }
            DomainInfo &domain = domains[next];
            next = (next + 1) % domains.size();
            domain.state =
                domain.state == DomainState::Running ? DomainState::Stopping : DomainState::Running;
            writeNow(domain);
            result.lastDomid = domain.domid;
            result.lastState = domain.state;
            ++result.writes;
        }
        result.seconds = (now() - start) / 1e9;
        emit stormFinished(result);
    });
}

} // namespace clonedeck::bench
