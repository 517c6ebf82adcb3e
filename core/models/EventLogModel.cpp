#include "EventLogModel.h"

#include <QMetaObject>
#include <QPointer>

namespace clonedeck {

EventLogModel::EventLogModel(int capacity, QObject *parent)
    : TableModel("clonedeck::EventLogModel",
                 {QT_TRANSLATE_NOOP("clonedeck::EventLogModel", "Time"),
                  QT_TRANSLATE_NOOP("clonedeck::EventLogModel", "Level"),
                  QT_TRANSLATE_NOOP("clonedeck::EventLogModel", "Source"),
                  QT_TRANSLATE_NOOP("clonedeck::EventLogModel", "Message")},
                 parent)
    , m_capacity(capacity)
{}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size() ||
        (role != Qt::DisplayRole && role != Qt::UserRole))
        return {};
    const Entry &e = m_entries[index.row()];
    if (index.column() != Time)
        return QStringList{QString(), e.level, e.source, e.message}.value(index.column());
    return role == Qt::UserRole ? QVariant(e.at)
                                : QVariant(e.at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));
}

void EventLogModel::append(const QDateTime &at, const QString &level, const QString &source,
                           const QString &message)
{
    if (m_entries.size() >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_entries.removeFirst();
        endRemoveRows();
    }
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append(Entry{at, level, source, message});
    endInsertRows();
}

QString EventLogModel::toText() const
{
    QString text;
    for (const Entry &e : m_entries)
        text += e.at.toString(Qt::ISODateWithMs) + QLatin1Char('\t') + e.level + QLatin1Char('\t') +
                e.source + QLatin1Char('\t') + e.message + QLatin1Char('\n');
    return text;
}

EventLogSink::EventLogSink(EventLogModel *model)
    : m_model(model)
{}

void EventLogSink::sink_it_(const spdlog::details::log_msg &message)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(
        std::chrono::duration_cast<std::chrono::milliseconds>(message.time.time_since_epoch()).count());
    const auto level = spdlog::level::to_string_view(message.level);
    const QString levelText = QString::fromUtf8(level.data(), qsizetype(level.size()));
    const QString source =
        QString::fromUtf8(message.logger_name.data(), qsizetype(message.logger_name.size()));
    const QString text = QString::fromUtf8(message.payload.data(), qsizetype(message.payload.size()));
    QPointer<EventLogModel> model(m_model);
    QMetaObject::invokeMethod(
        m_model,
        [model, at, levelText, source, text] {
            if (model)
                model->append(at, levelText, source, text);
        },
        Qt::QueuedConnection);
}

} // namespace clonedeck
