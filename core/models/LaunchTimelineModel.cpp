#include "LaunchTimelineModel.h"

namespace clonedeck {

LaunchTimelineModel::LaunchTimelineModel(QObject *parent)
    : TableModel("clonedeck::LaunchTimelineModel",
                 {QT_TRANSLATE_NOOP("clonedeck::LaunchTimelineModel", "Step"),
                  QT_TRANSLATE_NOOP("clonedeck::LaunchTimelineModel", "Outcome"),
                  QT_TRANSLATE_NOOP("clonedeck::LaunchTimelineModel", "Started"),
                  QT_TRANSLATE_NOOP("clonedeck::LaunchTimelineModel", "Ended"),
                  QT_TRANSLATE_NOOP("clonedeck::LaunchTimelineModel", "Duration"),
                  QT_TRANSLATE_NOOP("clonedeck::LaunchTimelineModel", "Output")},
                 parent)
{}

void LaunchTimelineModel::follow(LaunchPipeline *pipeline)
{
    beginResetModel();
    m_steps = pipeline->steps();
    endResetModel();
    connect(pipeline, &LaunchPipeline::stepChanged, this, &LaunchTimelineModel::updateStep);
}

QString LaunchTimelineModel::stepText(LaunchPipeline::Step step)
{
    // In the order of LaunchPipeline::Step.
    static const char *const texts[] = {QT_TR_NOOP("Request ticket"),  QT_TR_NOOP("Clone"),
                                        QT_TR_NOOP("Resolve address"), QT_TR_NOOP("Wait for SSH"),
                                        QT_TR_NOOP("Start agent"),     QT_TR_NOOP("Run"),
                                        QT_TR_NOOP("Tear down")};
    return tr(texts[int(step)]);
}

QString LaunchTimelineModel::stateText(LaunchPipeline::StepState state)
{
    // In the order of LaunchPipeline::StepState.
    static const char *const texts[] = {QT_TR_NOOP("pending"), QT_TR_NOOP("running"), QT_TR_NOOP("succeeded"),
                                        QT_TR_NOOP("failed"), QT_TR_NOOP("skipped")};
    return tr(texts[int(state)]);
}

QVariant LaunchTimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LaunchPipeline::StepRecord &record = m_steps[index.row()];
    const auto time = [](const QDateTime &at) {
        return at.isValid() ? at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")) : QString();
    };
    if (role == StepStateRole)
        return int(record.state);
    if (role == Qt::ToolTipRole && index.column() == Output)
        return record.output;
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case Step:
        return role == SortRole ? QVariant(int(record.step)) : QVariant(stepText(record.step));
    case Outcome:
        return role == SortRole ? QVariant(int(record.state)) : QVariant(stateText(record.state));
    case Started:
        return role == SortRole ? QVariant(record.started) : QVariant(time(record.started));
    case Ended:
        return role == SortRole ? QVariant(record.ended) : QVariant(time(record.ended));
    case Duration:
        if (role == SortRole)
            return record.durationMs();
        return record.durationMs() >= 0 ? tr("%1 ms").arg(record.durationMs()) : QString();
    case Output:
        return QString(record.output).replace(QLatin1Char('\n'), QStringLiteral(" · "));
    }
    return {};
}

void LaunchTimelineModel::updateStep(int index, const LaunchPipeline::StepRecord &record)
{
    if (index < 0 || index >= m_steps.size())
        return;
    m_steps[index] = record;
    emit dataChanged(this->index(index, 0), this->index(index, ColumnCount - 1));
}

} // namespace clonedeck
