#include "OperationProgress.h"

#include "Operations.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

namespace clonedeck {

OperationProgress::OperationProgress(Operations *operations, QWidget *parent)
    : QWidget(parent)
    , m_operations(operations)
{
    setObjectName(QStringLiteral("operations"));
    m_bar->setMaximumWidth(160);
    m_bar->setTextVisible(false);
    m_cancel->setAccessibleName(tr("Cancel the pending operation"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, &OperationProgress::cancelNewest);
    connect(m_operations, &Operations::pendingChanged, this, &OperationProgress::refresh);
    // Elapsed time moves on its own: a display tick while something is pending.
    m_tick->setInterval(200);
    connect(m_tick, &QTimer::timeout, this, &OperationProgress::refresh);
    refresh();
}

int OperationProgress::pendingCount() const
{
    return int(m_operations->pending().size());
}

void OperationProgress::cancelNewest()
{
    if (!m_operations->pending().isEmpty())
        m_operations->cancel(m_operations->pending().constLast().id);
}

void OperationProgress::refresh()
{
    const QList<Operations::Pending> &pending = m_operations->pending();
    setVisible(!pending.isEmpty());
    if (pending.isEmpty())
        return m_tick->stop();
    if (!m_tick->isActive())
        m_tick->start();
    const Operations::Pending &shown = pending.constLast();
    const double seconds = shown.since.elapsed() / 1000.0;
    QString text = shown.expectedMs > 0 ? tr("%1 (%2 s of at most %3 s)")
                                              .arg(shown.label, QString::number(seconds, 'f', 1),
                                                   QString::number(shown.expectedMs / 1000.0, 'f', 0))
                                        : tr("%1 (%2 s)").arg(shown.label, QString::number(seconds, 'f', 1));
    if (pending.size() > 1)
        text += tr(" · %n more pending", nullptr, int(pending.size() - 1));
    m_label->setText(text);
    if (shown.expectedMs > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(std::min<qint64>(1000, shown.since.elapsed() * 1000 / shown.expectedMs)));
    } else {
        m_bar->setRange(0, 0); // busy
    }
}

} // namespace clonedeck
