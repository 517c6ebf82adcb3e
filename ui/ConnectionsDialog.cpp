#include "ConnectionsDialog.h"

#include "ConnectionManager.h"
#include "ConnectionModel.h"
#include "PlatformConnection.h"
#include "Prompts.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace clonedeck {

ConnectionsDialog::ConnectionsDialog(PlatformConnections *platforms, ConnectionManager *manager,
                                     QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_model(new ConnectionModel(platforms, this))
    , m_table(new QTableView(this))
    , m_name(new QLineEdit(this))
    , m_uri(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_add(new QPushButton(tr("&Add"), this))
    , m_apply(new QPushButton(tr("A&pply to selected"), this))
    , m_remove(new QPushButton(tr("&Remove selected"), this))
{
    setObjectName(QStringLiteral("connectionsDialog"));
    setWindowTitle(tr("Connections"));
    resize(760, 380);
    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("connections"));
    m_table->setAccessibleName(tr("Connections"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(ConnectionModel::Uri, 300);
    m_name->setObjectName(QStringLiteral("name"));
    m_uri->setObjectName(QStringLiteral("uri"));
    m_uri->setPlaceholderText(QStringLiteral("ssh://user@host/run/xenstored/socket"));
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&URI:"), m_uri);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_apply);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addLayout(buttons);
    layout->addWidget(close);

    connect(m_add, &QPushButton::clicked, this, &ConnectionsDialog::addConnection);
    connect(m_apply, &QPushButton::clicked, this, &ConnectionsDialog::applyToSelected);
    connect(m_remove, &QPushButton::clicked, this, &ConnectionsDialog::removeSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConnectionsDialog::showSelected);
}

QString ConnectionsDialog::errorText() const
{
    return m_error->text();
}

QString ConnectionsDialog::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->nameAt(rows.first().row());
}

void ConnectionsDialog::showSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    m_name->setText(m_model->nameAt(rows.first().row()));
    m_uri->setText(m_model->index(rows.first().row(), ConnectionModel::Uri).data().toString());
}

template<typename T>
void ConnectionsDialog::report(const Result<T> &result, const QString &done)
{
    m_error->setText(result ? QString() : result.error().toString());
    if (result)
        emit message(done, false);
}

void ConnectionsDialog::addConnection()
{
    report(m_manager->add(m_name->text(), m_uri->text()),
           tr("Connection %1 added; connecting to %2").arg(m_name->text(), m_uri->text()));
}

void ConnectionsDialog::applyToSelected()
{
    if (const QString name = selectedName(); !name.isEmpty())
        return report(m_manager->edit(name, m_name->text(), m_uri->text()),
                      tr("Connection %1 changed; connecting to %2").arg(m_name->text(), m_uri->text()));
    m_error->setText(tr("Select the connection to change first."));
}

void ConnectionsDialog::removeSelected()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return m_error->setText(tr("Select the connection to remove first."));
    Prompts::confirm(
        this, tr("Remove connection"), tr("Remove the connection %1?").arg(name),
        tr("Its rows leave the console; the platform itself and its VMs are not touched."),
        [this, name] { report(m_manager->remove(name), tr("Connection %1 removed").arg(name)); });
}

} // namespace clonedeck
