#pragma once

// Long platform operations in the status bar: what is pending (Operations), how long it
// has waited against how long it may take (a ticket request may wait its whole timeout
// for capacity), and a Cancel button for the newest. Cancelling never leaves resources
// held: Operations gives the call up and undoes what it still produces.
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QWidget>

namespace clonedeck {

class Operations;

class OperationProgress : public QWidget
{
    Q_OBJECT

public:
    explicit OperationProgress(Operations *operations, QWidget *parent = nullptr);

    int pendingCount() const;
    QPushButton *cancelButton() const { return m_cancel; }

private:
    void refresh();
    void cancelNewest();

    Operations *m_operations;
    QLabel *m_label = new QLabel(this);
    QProgressBar *m_bar = new QProgressBar(this);
    QPushButton *m_cancel = new QPushButton(tr("Cancel"), this);
    QTimer *m_tick = new QTimer(this);
};

} // namespace clonedeck
