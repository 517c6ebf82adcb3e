#include "HostCapacityTable.h"

#include "PlatformRecords.h"

#include <QHeaderView>
#include <QProgressBar>

namespace clonedeck {

HostCapacityTable::HostCapacityTable(QWidget *parent)
    : QTableWidget(0, ColumnCount, parent)
{
    setHorizontalHeaderLabels({tr("Host"), tr("Backend"), tr("vCPUs"), tr("Memory")});
    setAccessibleName(tr("Capacity per host"));
    setEditTriggers(NoEditTriggers);
    setSelectionMode(NoSelection);
    verticalHeader()->hide();
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the bars stretch to the width there is
    horizontalHeader()->setSectionResizeMode(Host, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(Backend, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(Vcpus, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(Memory, QHeaderView::Stretch);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

int HostCapacityTable::rowOf(const QString &host) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (item(row, Host)->text() == host)
            return row;
    }
    return -1;
}

void HostCapacityTable::showHosts(const QMap<QString, HostInfo> &hosts)
{
    for (int row = rowCount() - 1; row >= 0; --row) {
        if (!hosts.contains(item(row, Host)->text()))
            removeRow(row);
    }
    for (const HostInfo &host : hosts) {
        int row = rowOf(host.name);
        if (row < 0) {
            row = rowCount();
            insertRow(row);
            setItem(row, Host, new QTableWidgetItem(host.name));
            setItem(row, Backend, new QTableWidgetItem);
            setCellWidget(row, Vcpus, new QProgressBar);
            setCellWidget(row, Memory, new QProgressBar);
        }
        item(row, Backend)
            ->setText(host.accelerator.isEmpty()
                          ? host.backend
                          : QStringLiteral("%1 (%2)").arg(host.backend, host.accelerator));
        setBar(row, Vcpus, host.usedVcpus, host.reservedVcpus, host.vcpus, tr("vCPUs"));
        setBar(row, Memory, host.usedMemoryMb, host.reservedMemoryMb, host.memoryMb, tr("MB"));
    }
    // As high as its rows (up to kRowsShown, then it scrolls): the charts get the rest.
    const int rows = std::min(rowCount(), kRowsShown);
    setFixedHeight(horizontalHeader()->sizeHint().height() + rows * verticalHeader()->defaultSectionSize() +
                   2 * frameWidth());
}

void HostCapacityTable::setBar(int row, int column, qint64 used, qint64 reserved, qint64 total,
                               const QString &unit)
{
    auto *bar = static_cast<QProgressBar *>(cellWidget(row, column));
    // A bar's range is an int: memory in MB fits (2 TiB is 2,097,152 MB).
    bar->setRange(0, int(std::max<qint64>(1, total)));
    bar->setValue(int(std::clamp<qint64>(used + reserved, 0, total)));
    bar->setFormat(tr("%1 used + %2 reserved of %3 %4").arg(used).arg(reserved).arg(total).arg(unit));
    bar->setAccessibleName(bar->format());
}

} // namespace clonedeck
