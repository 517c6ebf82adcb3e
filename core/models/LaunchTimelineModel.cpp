#include "LaunchTimelineModel.h"

namespace clonedeck {

LaunchTimelineModel::LaunchTimelineModel(QObject *parent)
    : QAbstractTableModel(parent)
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
    switch (step) {
    case LaunchPipeline::Step::RequestTicket:
        return tr("Request ticket");
    case LaunchPipeline::Step::Clone:
        return tr("Clone");
    case LaunchPipeline::Step::ResolveAddress:
        return tr("Resolve address");
    case LaunchPipeline::Step::WaitForSsh:
        return tr("Wait for SSH");
    case LaunchPipeline::Step::StartAgent:
        return tr("Start agent");
    case LaunchPipeline::Step::Run:
        return tr("Run");
    case LaunchPipeline::Step::Teardown:
        return tr("Tear down");
    }
    return {};
}

QString LaunchTimelineModel::stateText(LaunchPipeline::StepState state)
{
    switch (state) {
    case LaunchPipeline::StepState::Pending:
        return tr("pending");
    case LaunchPipeline::StepState::Running:
        return tr("running");
    case LaunchPipeline::StepState::Succeeded:
        return tr("succeeded");
    case LaunchPipeline::StepState::Failed:
        return tr("failed");
    case LaunchPipeline::StepState::Skipped:
        return tr("skipped");
    }
    return {};
}

int LaunchTimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_steps.size());
}

int LaunchTimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LaunchTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Step:
        return tr("Step");
    case Outcome:
        return tr("Outcome");
    case Started:
        return tr("Started");
    case Ended:
        return tr("Ended");
    case Duration:
        return tr("Duration");
    case Output:
        return tr("Output");
    }
    return {};
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
