#include "PreferencesDialog.h"

#include "ConsoleSettings.h"
#include "HostKeyPolicyNames.h"
#include "Prompts.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace clonedeck {

PreferencesDialog::PreferencesDialog(ConsoleSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_connection(new QButtonGroup(this))
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(connectionGroup());
    layout->addWidget(sshGroup());
    layout->addWidget(viewGroup());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QWidget *PreferencesDialog::connectionGroup()
{
    auto *group = new QGroupBox(tr("Connection (applies at the next start)"), this);
    auto *layout = new QVBoxLayout(group);
    const std::pair<ConsoleSettings::Connection, QString> choices[] = {
        {ConsoleSettings::Connection::Embedded, tr("&Embedded platform (start clonedeckd)")},
        {ConsoleSettings::Connection::Socket, tr("xenstored &socket:")},
        {ConsoleSettings::Connection::StandardXen, tr("Standard &Xen path")},
    };
    m_socket = new QLineEdit(m_settings->socketPath(), group);
    m_socket->setObjectName(QStringLiteral("socketPath"));
    m_socket->setPlaceholderText(QStringLiteral("/run/xenstored/socket"));
    for (const auto &[connection, text] : choices) {
        auto *radio = new QRadioButton(text, group);
        radio->setChecked(m_settings->connection() == connection);
        m_connection->addButton(radio, int(connection));
        if (connection == ConsoleSettings::Connection::Socket) {
            auto *row = new QHBoxLayout;
            row->addWidget(radio);
            row->addWidget(m_socket, 1);
            layout->addLayout(row);
        } else {
            layout->addWidget(radio);
        }
    }
    auto enableSocket = [this] {
        m_socket->setEnabled(m_connection->checkedId() == int(ConsoleSettings::Connection::Socket));
    };
    connect(m_connection, &QButtonGroup::idToggled, this, enableSocket);
    enableSocket();
    m_keepPlatform = new QCheckBox(tr("&Keep the embedded platform running when the console quits"), group);
    m_keepPlatform->setObjectName(QStringLiteral("keepPlatformRunning"));
    m_keepPlatform->setChecked(m_settings->keepPlatformRunning());
    m_keepPlatform->setToolTip(tr("The next console attaches to it, clones and agents' VMs still running."));
    layout->addWidget(m_keepPlatform);
    return group;
}

QWidget *PreferencesDialog::sshGroup()
{
    auto *group = new QGroupBox(tr("Agents over SSH"), this);
    auto *form = new QFormLayout(group);
    m_identity = new QLineEdit(m_settings->identityFile(), group);
    m_identity->setObjectName(QStringLiteral("identityFile"));
    m_identity->setPlaceholderText(tr("the platform's client key"));
    auto *browse = new QPushButton(tr("&Browse…"), group);
    connect(browse, &QPushButton::clicked, this, [this] {
        Prompts::openFile(this, tr("SSH identity file"), QString(),
                          [this](const QString &path) { m_identity->setText(path); });
    });
    auto *identityRow = new QHBoxLayout;
    identityRow->addWidget(m_identity, 1);
    identityRow->addWidget(browse);
    form->addRow(tr("&Identity file:"), identityRow);

    m_policy = new QComboBox(group);
    m_policy->setObjectName(QStringLiteral("hostKeyPolicy"));
    m_policy->addItem(tr("Lineage: clones must present their master's key (default)"),
                      QLatin1String(hostkeys::kLineage));
    m_policy->addItem(tr("known_hosts file"), QLatin1String(hostkeys::kKnownHosts));
    m_policy->addItem(tr("Trust on first use, per address"), QLatin1String(hostkeys::kTrustOnFirstUse));
    m_policy->addItem(tr("Insecure: accept any key"), QLatin1String(hostkeys::kInsecure));
    m_policy->setCurrentIndex(std::max(0, m_policy->findData(m_settings->hostKeyPolicy())));
    m_insecureWarning = new QLabel(
        tr("⚠ Host keys will NOT be checked: anyone able to answer on a clone's address "
           "can receive the agent's commands and credentials. Use only on a private test network."),
        group);
    m_insecureWarning->setObjectName(QStringLiteral("insecureWarning"));
    m_insecureWarning->setWordWrap(true);
    m_insecureWarning->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
    auto showWarning = [this] {
        m_insecureWarning->setVisible(!hostkeys::checksKeys(m_policy->currentData().toString()));
    };
    connect(m_policy, &QComboBox::currentIndexChanged, this, showWarning);
    showWarning();
    form->addRow(tr("&Host-key policy:"), m_policy);
    form->addRow(m_insecureWarning);
    return group;
}

QWidget *PreferencesDialog::viewGroup()
{
    auto *group = new QGroupBox(tr("Display"), this);
    auto *form = new QFormLayout(group);
    m_coalescing = new QSpinBox(group);
    m_coalescing->setObjectName(QStringLiteral("coalescingMs"));
    m_coalescing->setRange(0, ConsoleSettings::kMaxCoalescingMs);
    m_coalescing->setSingleStep(50);
    m_coalescing->setSuffix(tr(" ms"));
    m_coalescing->setValue(m_settings->coalescingMs());
    m_coalescing->setToolTip(tr("Agent output arriving within this interval is shown in one repaint."));
    form->addRow(tr("&Coalesce updates for:"), m_coalescing);
    m_language = new QComboBox(group);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System language"), QString());
    // Each language by its own name, so a person can find theirs whatever the current one.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_settings->language())));
    form->addRow(tr("&Language (at the next start):"), m_language);
    return group;
}

void PreferencesDialog::save()
{
    m_settings->setConnection(ConsoleSettings::Connection(m_connection->checkedId()));
    m_settings->setSocketPath(m_socket->text().trimmed());
    m_settings->setIdentityFile(m_identity->text().trimmed());
    m_settings->setHostKeyPolicy(m_policy->currentData().toString());
    m_settings->setCoalescingMs(m_coalescing->value());
    m_settings->setLanguage(m_language->currentData().toString());
    m_settings->setKeepPlatformRunning(m_keepPlatform->isChecked());
    m_settings->sync();
}

} // namespace clonedeck
