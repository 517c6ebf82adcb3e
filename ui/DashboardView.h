#pragma once

// The platform at a glance: capacity per host (bars), domains by state, and charts of the
// sampler's series — clones, agents and tickets; clone and join rates; free vCPUs and memory
// per host — over the last minute, ten minutes or hour. Updated once per sample (once a
// second, whatever the storm of changes); the charts only while on screen.
#include <QWidget>

class QComboBox;
class QLabel;

namespace clonedeck {

class ClusterMirror;
class ClusterSampler;
class HostCapacityTable;
class SeriesChart;

class DashboardView : public QWidget
{
    Q_OBJECT
public:
    DashboardView(ClusterSampler *sampler, ClusterMirror *mirror, QWidget *parent = nullptr);

    QList<SeriesChart *> charts() const { return m_charts; }
    HostCapacityTable *hostTable() const { return m_hosts; }
    QComboBox *rangeSelector() const { return m_range; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onSampled();
    void redrawCharts();
    void applyRange();
    void followHosts();

    ClusterSampler *m_sampler;
    ClusterMirror *m_mirror;
    QComboBox *m_range;
    QLabel *m_counts;
    HostCapacityTable *m_hosts;
    SeriesChart *m_activity;
    SeriesChart *m_rates;
    SeriesChart *m_vcpus;
    SeriesChart *m_memory;
    QList<SeriesChart *> m_charts;
};

} // namespace clonedeck
