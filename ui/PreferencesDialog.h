#pragma once

// Edits ConsoleSettings: connection, SSH identity and host-key policy, coalescing
// interval, language. Writes them on OK; the connection and language apply at the next
// start, the rest at once (whoever uses them reads the settings when they act).
#include <QDialog>

class QButtonGroup;
class QComboBox;
class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace clonedeck {

class ConsoleSettings;

class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(ConsoleSettings *settings, QWidget *parent = nullptr);

    void save();

private:
    QWidget *connectionGroup();
    QWidget *sshGroup();
    QWidget *viewGroup();

    ConsoleSettings *m_settings;
    QButtonGroup *m_connection;
    QLineEdit *m_socket;
    QCheckBox *m_keepPlatform;
    QLineEdit *m_identity;
    QComboBox *m_policy;
    QLabel *m_insecureWarning;
    QSpinBox *m_coalescing;
    QComboBox *m_language;
};

} // namespace clonedeck
