#pragma once

// Asks for a ticket's parameters: count, vCPUs, memory, timeout.
#include <QDialog>

class QSpinBox;

namespace clonedeck {

class RequestTicketDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RequestTicketDialog(const QString &title, QWidget *parent = nullptr);
    int count() const;
    int vcpus() const;
    int memoryMb() const;
    int timeoutMs() const;

private:
    QSpinBox *m_count;
    QSpinBox *m_vcpus;
    QSpinBox *m_memory;
    QSpinBox *m_timeout;
};

} // namespace clonedeck
