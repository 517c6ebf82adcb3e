#include "OperationProgress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

namespace clonedeck {

OperationProgress::OperationProgress(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_tick(new QTimer(this))
{
    m_bar->setMaximumWidth(160);
    m_bar->setTextVisible(false);
    m_cancel->setAccessibleName(tr("Cancel the pending operation"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, &OperationProgress::cancelNewest);
    // Elapsed time moves on its own: a display tick while something is pending.
    m_tick->setInterval(200);
    connect(m_tick, &QTimer::timeout, this, &OperationProgress::refresh);
    hide();
}

int OperationProgress::begin(const QString &label, qint64 expectedMs, std::function<void()> cancel)
{
    Operation operation;
    operation.id = m_nextId++;
    operation.label = label;
    operation.expectedMs = expectedMs;
    operation.since.start();
    operation.cancel = std::move(cancel);
    m_operations.append(std::move(operation));
    m_tick->start();
    refresh();
    show();
    return m_operations.constLast().id;
}

void OperationProgress::end(int id)
{
    m_operations.removeIf([id](const Operation &operation) { return operation.id == id; });
    if (m_operations.isEmpty()) {
        m_tick->stop();
        hide();
        return;
    }
    refresh();
}

bool OperationProgress::isCancelled(int id) const
{
    return m_cancelled.contains(id);
}

void OperationProgress::cancelNewest()
{
    if (m_operations.isEmpty())
        return;
    Operation operation = m_operations.takeLast();
    m_cancelled.append(operation.id);
    if (m_cancelled.size() > 1000)
        m_cancelled.removeFirst();
    if (operation.cancel)
        operation.cancel();
    end(operation.id);
}

void OperationProgress::refresh()
{
    if (m_operations.isEmpty())
        return;
    const Operation &shown = m_operations.constLast();
    const double seconds = shown.since.elapsed() / 1000.0;
    QString text = shown.expectedMs > 0 ? tr("%1 (%2 s of at most %3 s)")
                                              .arg(shown.label, QString::number(seconds, 'f', 1),
                                                   QString::number(shown.expectedMs / 1000.0, 'f', 0))
                                        : tr("%1 (%2 s)").arg(shown.label, QString::number(seconds, 'f', 1));
    if (m_operations.size() > 1)
        text += tr(" · %n more pending", nullptr, int(m_operations.size() - 1));
    m_label->setText(text);
    if (shown.expectedMs > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(std::min<qint64>(1000, shown.since.elapsed() * 1000 / shown.expectedMs)));
    } else {
        m_bar->setRange(0, 0); // busy
    }
}

} // namespace clonedeck
