#pragma once

// Where a cluster's demand (jobs waiting for an agent) comes from. Pluggable:
// a manual target set by an operator, a command whose stdout is a number (run
// with a timeout, never through a shell), or a Jenkins-compatible queue URL
// (JSON with an `items` array), polled at an interval.
#include "Error.h"
#include "PolicyConfig.h"

#include <QObject>

#include <memory>

namespace clonedeck {

class DemandSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void start() = 0;

signals:
    void demandChanged(int waiting);
    void failed(const clonedeck::Error &error);
};

// Set by hand (the console's policy panel, tests).
class ManualDemandSource : public DemandSource
{
    Q_OBJECT
public:
    explicit ManualDemandSource(int initial = 0, QObject *parent = nullptr);
    void start() override;
    void setDemand(int waiting);

private:
    int m_demand;
};

std::unique_ptr<DemandSource> makeDemandSource(const PolicyConfig &config);

// Parses a queue document: {"items": [...]} -> the number of items.
Result<int> parseQueueItems(const QByteArray &json);

} // namespace clonedeck
