#pragma once

// Long platform operations in the status bar: what is pending, how long it has waited
// against how long it may take (a ticket request may wait its whole timeout for
// capacity), and a Cancel button. Cancelling never leaves resources held: the caller's
// cancel function undoes whatever the operation still produces (releases a ticket that is
// granted after all, kills clones that arrive).
#include <QElapsedTimer>
#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace clonedeck {

class OperationProgress : public QWidget
{
    Q_OBJECT

public:
    explicit OperationProgress(QWidget *parent = nullptr);

    // Shows the operation; returns its id. expectedMs: the longest it may take (0: unknown).
    int begin(const QString &label, qint64 expectedMs, std::function<void()> cancel);
    // The operation ended (or was cancelled): hides it unless another is pending.
    void end(int id);
    bool isCancelled(int id) const;
    int pendingCount() const { return int(m_operations.size()); }
    QPushButton *cancelButton() const { return m_cancel; }

private:
    struct Operation
    {
        int id = 0;
        QString label;
        qint64 expectedMs = 0;
        QElapsedTimer since;
        std::function<void()> cancel;
    };
    void refresh();
    void cancelNewest();

    QList<Operation> m_operations; // oldest first; the newest is shown
    QList<int> m_cancelled;
    int m_nextId = 1;
    QLabel *m_label;
    QProgressBar *m_bar;
    QPushButton *m_cancel;
    QTimer *m_tick;
};

} // namespace clonedeck
