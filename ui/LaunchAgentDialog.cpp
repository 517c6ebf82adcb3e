#include "LaunchAgentDialog.h"

#include "HostKeyPolicyNames.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace clonedeck {

LaunchAgentDialog::LaunchAgentDialog(const QString &command, const QString &hostKeyPolicy, int domainCount,
                                     QWidget *parent)
    : QDialog(parent)
    , m_command(new QLineEdit(command, this))
{
    setObjectName(QStringLiteral("launchAgentDialog"));
    setWindowTitle(tr("Launch agent"));
    m_command->setObjectName(QStringLiteral("command"));
    m_command->setMinimumWidth(360);
    auto *form = new QFormLayout(this);
    form->addRow(new QLabel(tr("Run an agent on %n domain(s) over SSH.", nullptr, domainCount), this));
    form->addRow(tr("&Command:"), m_command);
    auto *policy = new QLabel(hostKeyPolicy, this);
    if (!hostkeys::checksKeys(hostKeyPolicy)) {
        policy->setText(tr("insecure — host keys are NOT checked (change it in Preferences)"));
        policy->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
    }
    form->addRow(tr("Host-key policy:"), policy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Launch"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto enableOk = [buttons](const QString &text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    };
    connect(m_command, &QLineEdit::textChanged, this, enableOk);
    enableOk(m_command->text());
}

QString LaunchAgentDialog::command() const
{
    return m_command->text().trimmed();
}

} // namespace clonedeck
