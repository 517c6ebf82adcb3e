#pragma once

// The steps of one LaunchPipeline run as a table (step, state, start, end, duration,
// outcome output), updated row by row as the pipeline reports each step.
#include "LaunchPipeline.h"
#include "TableModel.h"

namespace clonedeck {

class LaunchTimelineModel : public TableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Step,
        Outcome,
        Started,
        Ended,
        Duration,
        Output,
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole,
        StepStateRole
    };

    explicit LaunchTimelineModel(QObject *parent = nullptr);

    // A new run: every row is new, so this is the one place that resets.
    void follow(LaunchPipeline *pipeline);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    LaunchPipeline::StepRecord step(int row) const { return m_steps.value(row); }
    static QString stepText(LaunchPipeline::Step step);
    static QString stateText(LaunchPipeline::StepState state);

public slots:
    void updateStep(int index, const clonedeck::LaunchPipeline::StepRecord &record);

private:
    int rows() const override { return int(m_steps.size()); }

    QList<LaunchPipeline::StepRecord> m_steps;
};

} // namespace clonedeck
