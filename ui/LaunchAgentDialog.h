#pragma once

// Asks for the command to run as the agent on the chosen domains, and shows which
// host-key policy (from the preferences) will vet them.
#include <QDialog>

class QLineEdit;

namespace clonedeck {

class LaunchAgentDialog : public QDialog
{
    Q_OBJECT
public:
    LaunchAgentDialog(const QString &command, const QString &hostKeyPolicy, int domainCount,
                      QWidget *parent = nullptr);
    QString command() const;

private:
    QLineEdit *m_command;
};

} // namespace clonedeck
