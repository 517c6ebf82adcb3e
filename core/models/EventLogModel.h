#pragma once

// The console's event log: every platform event and operator action with its
// time and level, fed from any thread by EventLogSink (an spdlog sink that hands
// entries over by queued calls). Bounded: the oldest rows go first.
#include "TableModel.h"

#include <QDateTime>
#include <QList>

#include <spdlog/sinks/base_sink.h>

#include <mutex>

namespace clonedeck {

class EventLogModel : public TableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Level,
        Source,
        Message,
        ColumnCount
    };
    struct Entry
    {
        QDateTime at;
        QString level;
        QString source;
        QString message;
    };

    explicit EventLogModel(int capacity = 10000, QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QString toText() const; // for export

public slots:
    void append(const QDateTime &at, const QString &level, const QString &source, const QString &message);

private:
    int rows() const override { return int(m_entries.size()); }

    int m_capacity;
    QList<Entry> m_entries;
};

// Feeds an EventLogModel from spdlog, on any thread.
class EventLogSink : public spdlog::sinks::base_sink<std::mutex>
{
public:
    explicit EventLogSink(EventLogModel *model);

protected:
    void sink_it_(const spdlog::details::log_msg &message) override;
    void flush_() override {}

private:
    EventLogModel *m_model;
};

} // namespace clonedeck
