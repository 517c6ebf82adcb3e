#pragma once

// Capacity per host as a table whose columns line up with their headers: the host, its VM
// backend, and a bar each for vCPUs and memory (used and reserved out of the total, the
// figures in the bar's text). Rows are keyed by the host's name and updated in place.
#include <QTableWidget>

namespace clonedeck {

struct HostInfo;

class HostCapacityTable : public QTableWidget
{
    Q_OBJECT
public:
    enum Column
    {
        Host,
        Backend,
        Vcpus,
        Memory,
        ColumnCount
    };

    static constexpr int kRowsShown = 6;

    explicit HostCapacityTable(QWidget *parent = nullptr);

    void showHosts(const QMap<QString, HostInfo> &hosts);
    int rowOf(const QString &host) const;

private:
    void setBar(int row, int column, qint64 used, qint64 reserved, qint64 total, const QString &unit);
};

} // namespace clonedeck
