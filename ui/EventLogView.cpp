#include "EventLogView.h"

#include "EventLogModel.h"
#include "FilterBar.h"
#include "Prompts.h"

#include <QFile>
#include <QHeaderView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace clonedeck {

EventLogView::EventLogView(EventLogModel *log, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
    , m_view(new QTableView(this))
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(log);
    m_view->setModel(proxy);
    m_view->setAccessibleName(tr("Event log"));
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    connect(log, &QAbstractItemModel::rowsInserted, m_view, &QTableView::scrollToBottom);
    auto *exportButton = new QPushButton(tr("&Export…"), this);
    connect(exportButton, &QPushButton::clicked, this, &EventLogView::exportLog);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new FilterBar(proxy, tr("Search the event log"), this));
    layout->addWidget(m_view, 1);
    layout->addWidget(exportButton);
}

void EventLogView::exportLog()
{
    Prompts::saveFile(this, tr("Export event log"), QStringLiteral("clonedeck-events.txt"), QString(),
                      [this](const QString &path) {
                          QFile file(path);
                          if (!file.open(QIODevice::WriteOnly) || file.write(m_log->toText().toUtf8()) < 0)
                              return emit message(tr("Cannot write %1: %2").arg(path, file.errorString()),
                                                  true);
                          emit message(tr("Event log exported to %1").arg(path), false);
                      });
}

} // namespace clonedeck
