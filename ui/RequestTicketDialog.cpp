#include "RequestTicketDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSpinBox>

namespace clonedeck {

namespace {
QSpinBox *spin(int min, int max, int value, const QString &accessibleName, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setValue(value);
    box->setAccessibleName(accessibleName);
    return box;
}
} // namespace

RequestTicketDialog::RequestTicketDialog(const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_count(spin(1, 1000, 1, tr("Clones"), this))
    , m_vcpus(spin(1, 64, 1, tr("vCPUs per clone"), this))
    , m_memory(spin(1, 1048576, 256, tr("Memory per clone in MB"), this))
    , m_timeout(spin(0, 3600000, 60000, tr("Timeout in milliseconds"), this))
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("requestTicketDialog"));
    m_count->setObjectName(QStringLiteral("count"));
    m_timeout->setObjectName(QStringLiteral("timeout"));
    m_memory->setSuffix(tr(" MB"));
    m_timeout->setSuffix(tr(" ms"));
    m_timeout->setSingleStep(1000);
    auto *form = new QFormLayout(this);
    form->addRow(tr("&Clones:"), m_count);
    form->addRow(tr("&vCPUs each:"), m_vcpus);
    form->addRow(tr("&Memory each:"), m_memory);
    form->addRow(tr("&Timeout:"), m_timeout);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

int RequestTicketDialog::count() const
{
    return m_count->value();
}
int RequestTicketDialog::vcpus() const
{
    return m_vcpus->value();
}
int RequestTicketDialog::memoryMb() const
{
    return m_memory->value();
}
int RequestTicketDialog::timeoutMs() const
{
    return m_timeout->value();
}

} // namespace clonedeck
