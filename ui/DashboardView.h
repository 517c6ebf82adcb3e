#pragma once

// The platform at a glance: capacity per host (bars), domains by state, and charts of the
// sampler's series — clones, agents and tickets; clone and join rates; free vCPUs and memory
// per host — over the last minute, ten minutes or hour. Updated once per sample (once a
// second, whatever the storm of changes); the charts only while on screen. A host selector
// shows every host's sum ("All hosts") or one host's own series, capacity and counts.
#include <QWidget>

class QComboBox;
class QLabel;

namespace clonedeck {

class ClusterSampler;
class PlatformConnection;
class PlatformConnections;
class HostCapacityTable;
class SeriesChart;

class DashboardView : public QWidget
{
    Q_OBJECT
public:
    DashboardView(ClusterSampler *sampler, PlatformConnections *platforms, QWidget *parent = nullptr);

    QList<SeriesChart *> charts() const { return m_charts; }
    HostCapacityTable *hostTable() const { return m_hosts; }
    QComboBox *rangeSelector() const { return m_range; }
    // "All hosts" (data: empty), then each connection by name (data: its name).
    QComboBox *hostSelector() const { return m_host; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onSampled();
    void redrawCharts();
    void applyRange();
    void followHosts();
    void listPlatforms();
    // The platforms shown: the chosen one, or all of them.
    QList<PlatformConnection *> shownPlatforms() const;

    ClusterSampler *m_sampler;
    PlatformConnections *m_platforms;
    QComboBox *m_range;
    QComboBox *m_host;
    QLabel *m_counts;
    HostCapacityTable *m_hosts;
    SeriesChart *m_activity;
    SeriesChart *m_rates;
    SeriesChart *m_vcpus;
    SeriesChart *m_memory;
    QList<SeriesChart *> m_charts;
};

} // namespace clonedeck
