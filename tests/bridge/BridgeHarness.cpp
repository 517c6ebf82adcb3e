#include "BridgeHarness.h"

#include "XenstoreBridge.h"
#include "XenstoredProcess.h"

#include <QProcess>

namespace clonedeck::test {

BridgeHarness::BridgeHarness() = default;

BridgeHarness::~BridgeHarness()
{
    if (m_bridge) {
        onBridgeThread([this] { delete m_bridge; }); // its sockets belong to its thread
        m_bridge = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
    m_dom0.reset();
    if (m_xenstored)
        m_xenstored->stop();
}

QString BridgeHarness::start(const bridge::BridgeLimits &limits)
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary directory");
    m_xenstored = std::make_unique<XenstoredProcess>(
        XenstoredProcess::Options{m_dir.path() + QStringLiteral("/xenstore"), {}, {}, false, true, 10000});
    if (auto started = m_xenstored->start(); !started)
        return started.error().toString();
    auto connection = XenstoreConnection::open(m_xenstored->socketPath());
    if (!connection)
        return connection.error().toString();
    m_dom0 = std::move(connection).value();
    m_bridge = new XenstoreBridge(bridgeDirectory(), m_xenstored->socketPath(), limits);
    m_bridge->moveToThread(&m_thread);
    m_thread.start();
    QString error;
    onBridgeThread([&] {
        if (auto initialized = m_bridge->initialize(); !initialized)
            error = initialized.error().toString();
    });
    return error;
}

void BridgeHarness::onBridgeThread(const std::function<void()> &work)
{
    QMetaObject::invokeMethod(m_bridge, work, Qt::BlockingQueuedConnection);
}

QString BridgeHarness::openEndpoint(int domid, int ownerUid)
{
    QString path;
    onBridgeThread([&] {
        if (const auto opened = m_bridge->openEndpoint(domid, ownerUid))
            path = *opened;
    });
    return path;
}

Status BridgeHarness::forkEndpoint(int masterDomid, int cloneDomid)
{
    Status forked = Done{};
    onBridgeThread([&] { forked = m_bridge->forkEndpoint(masterDomid, cloneDomid); });
    return forked;
}

void BridgeHarness::closeEndpoint(int domid)
{
    onBridgeThread([&] { m_bridge->closeEndpoint(domid); });
}

int BridgeHarness::connectionCount(int domid)
{
    int count = 0;
    onBridgeThread([&] { count = m_bridge->connectionCount(domid); });
    return count;
}

bridge::BridgeUsage BridgeHarness::usage(int domid)
{
    bridge::BridgeUsage usage;
    onBridgeThread([&] { usage = m_bridge->usage(domid); });
    return usage;
}

void BridgeHarness::publishDomain(int domid, const QByteArray &name)
{
    const QString local = QStringLiteral("/local/domain/%1").arg(domid);
    m_dom0->write(local + QStringLiteral("/name"), name);
    m_dom0->write(local + QStringLiteral("/domid"), QByteArray::number(domid));
    m_dom0->mkdir(local + QStringLiteral("/clonedeck/requests"));
    m_dom0->mkdir(local + QStringLiteral("/clonedeck/replies"));
}

ToolResult BridgeHarness::runTool(const QString &tool, const QStringList &args, int domid,
                                  const QStringList &wrapper)
{
    QString path;
    onBridgeThread([&] { path = m_bridge->endpointPath(domid); });
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XENSTORED_PATH"), path);
    QProcess process;
    process.setProcessEnvironment(environment);
    const QStringList command = wrapper + QStringList{tool} + args;
    process.start(command.first(), command.mid(1));
    ToolResult result;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace clonedeck::test
