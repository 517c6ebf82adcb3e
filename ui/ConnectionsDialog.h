#pragma once

// The connection manager: every platform the console drives (name, URI, state as it
// changes) and a form to add one, change the selected one or remove it. Each change goes
// through ConnectionManager (checked, remembered, connected at once); what is refused is
// said in the dialog and changes nothing. Opened with open(); it stays open while the
// console runs on, so the states can be watched.
#include "Error.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace clonedeck {

class ConnectionManager;
class ConnectionModel;
class PlatformConnections;

class ConnectionsDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectionsDialog(PlatformConnections *platforms, ConnectionManager *manager, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *uriEdit() const { return m_uri; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *removeButton() const { return m_remove; }
    // What the last change said (empty after a success).
    QString errorText() const;

signals:
    void message(const QString &text, bool error);

private:
    void addConnection();
    void applyToSelected();
    void removeSelected();
    void showSelected();
    QString selectedName() const;
    // Shows why it was refused, or says `done`.
    template<typename T>
    void report(const Result<T> &result, const QString &done);

    ConnectionManager *m_manager;
    ConnectionModel *m_model;
    QTableView *m_table;
    QLineEdit *m_name;
    QLineEdit *m_uri;
    QLabel *m_error;
    QPushButton *m_add;
    QPushButton *m_apply;
    QPushButton *m_remove;
};

} // namespace clonedeck
