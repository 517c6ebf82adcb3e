// clonedeck: the console. Wires the embedded platform (or a given socket), the
// xenstore client, the mirror, the actions, the agent sessions, the settings and
// the main window; little else.
#include "AgentLauncher.h"
#include "AgentSessionManager.h"
#include "ClusterMirror.h"
#include "ConsoleServices.h"
#include "ConsoleSettings.h"
#include "EmbeddedPlatformProcess.h"
#include "EventLogModel.h"
#include "HostKeyPolicyRegistry.h"
#include "Log.h"
#include "MainWindow.h"
#include "PlatformActions.h"
#include "PolicyManager.h"
#include "ScreenshotTour.h"
#include "XenstoreClient.h"
#include "XenstoreConnection.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>

#include <algorithm>
#include <memory>

using namespace clonedeck;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("clonedeck"));
    QApplication::setOrganizationDomain(QStringLiteral("clonedeck.org"));
    QApplication::setApplicationDisplayName(QStringLiteral("Clonedeck"));

    QElapsedTimer sinceStart;
    sinceStart.start();

    // Screenshots neither read nor change the user's preferences, pins and policies. Known
    // before the options are parsed, so that --help already speaks the chosen language.
    const QStringList arguments = app.arguments();
    const bool takingScreenshots = std::any_of(arguments.begin(), arguments.end(), [](const QString &a) {
        return a.startsWith(QLatin1String("--screenshots"));
    });
    const auto screenshotState = takingScreenshots ? std::make_unique<QTemporaryDir>() : nullptr;
    auto settings =
        takingScreenshots
            ? std::make_unique<ConsoleSettings>(screenshotState->filePath(QStringLiteral("clonedeck.ini")))
            : std::make_unique<ConsoleSettings>();
    HostKeyPolicyRegistry hostKeyPolicies(
        {takingScreenshots ? screenshotState->filePath(QStringLiteral("host-keys.ini")) : QString(), {}});

    const QLocale locale = settings->language().isEmpty() ? QLocale() : QLocale(settings->language());
    QTranslator qtTranslator;
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(locale, QStringLiteral("clonedeck"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        app.installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Console for elastic virtual clusters built on VM cloning."));
    parser.addHelpOption();
    const QCommandLineOption embedded(
        QStringLiteral("embedded"),
        QApplication::translate("main", "Start the embedded platform (clonedeckd) and connect to it."));
    const QCommandLineOption runDir(
        QStringLiteral("run-dir"), QApplication::translate("main", "Run directory of the embedded platform."),
        QStringLiteral("DIR"), QDir::homePath() + QStringLiteral("/.local/state/clonedeck"));
    const QCommandLineOption socket(
        QStringLiteral("socket"), QApplication::translate("main", "Connect to the xenstored socket at PATH."),
        QStringLiteral("PATH"));
    const QCommandLineOption screenshots(
        QStringLiteral("screenshots"),
        QApplication::translate(
            "main", "Save a PNG of each main view into DIR once the views are filled, then quit."),
        QStringLiteral("DIR"));
    parser.addOptions({embedded, runDir, socket, screenshots});
    parser.process(app);

    auto events = std::make_unique<EventLogModel>();
    logging::setup(
        {QStringLiteral("clonedeck"), {}, true, logging::levelFromEnvironment(spdlog::level::info)});
    logging::addSink(std::make_shared<EventLogSink>(events.get()));

    std::unique_ptr<EmbeddedPlatformProcess> platform;
    std::unique_ptr<XenstoreClient> client;
    std::unique_ptr<ClusterMirror> mirror;
    std::unique_ptr<PlatformActions> actions;
    std::unique_ptr<AgentSessionManager> sessions;
    std::unique_ptr<AgentLauncher> launcher;
    std::unique_ptr<PolicyManager> policies;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<ScreenshotTour> tour;
    auto connectTo = [&](const QString &socketPath) {
        client = std::make_unique<XenstoreClient>(socketPath);
        mirror = std::make_unique<ClusterMirror>(client.get());
        actions = std::make_unique<PlatformActions>(socketPath);
        auto defaultPolicy = hostKeyPolicies.policy(settings->hostKeyPolicy());
        if (!defaultPolicy) // a broken preference must not turn checking off: fall back to the strict default
            defaultPolicy = hostKeyPolicies.policy(QStringLiteral("lineage"));
        sessions = std::make_unique<AgentSessionManager>(defaultPolicy ? *defaultPolicy : nullptr);
        launcher =
            std::make_unique<AgentLauncher>(sessions.get(), mirror.get(), actions.get(), &hostKeyPolicies);
        ConsoleServices services;
        services.client = client.get();
        services.mirror = mirror.get();
        services.actions = actions.get();
        services.log = events.get();
        services.sessions = sessions.get();
        services.hostKeyPolicies = &hostKeyPolicies;
        services.agentLauncher = launcher.get();
        services.settings = settings.get();
        PolicyManager::Services policyServices{
            {socketPath, 1, {}},
            sessions.get(),
            mirror.get(),
            actions.get(),
            [&hostKeyPolicies](const QString &name) { return hostKeyPolicies.policy(name); }};
        policies = std::make_unique<PolicyManager>(
            PolicyStore(takingScreenshots ? screenshotState->filePath(QStringLiteral("policies.ini"))
                                          : QString()),
            policyServices);
        services.policies = policies.get();
        window = std::make_unique<MainWindow>(services);
        window->show();
        // Enabled policies start once the cluster is known and the platform's key is read.
        QObject::connect(
            mirror.get(), &ClusterMirror::loaded, policies.get(),
            [&] {
                spdlog::info("console ready {} ms after start: {} domains, {} tickets", sinceStart.elapsed(),
                             mirror->domains().size(), mirror->tickets().size());
                actions->clientKeyPath().then(policies.get(), [&](const Result<QString> &key) {
                    policies->setDefaultIdentity(key ? *key : QString());
                    if (takingScreenshots) {
                        // Something for the policy panel to show, changing nothing: a dry run.
                        PolicyConfig demo;
                        demo.cluster = QStringLiteral("farm");
                        demo.dryRun = true;
                        demo.enabled = true;
                        demo.manualDemand = 3;
                        demo.inDemandDelayMs = 300;
                        demo.coolDownMs = 200;
                        policies->save(demo);
                    }
                    policies->startEnabled();
                });
            },
            Qt::SingleShotConnection);
        client->start();
        mirror->start();
        if (takingScreenshots) {
            // For docs/screenshots: give the views a moment to fill and lay out, then tour and grab each tab.
            tour = std::make_unique<ScreenshotTour>(window.get(), parser.value(screenshots));
            QObject::connect(tour.get(), &ScreenshotTour::done, &app,
                             [&](bool complete) { app.exit(complete ? 0 : 2); });
            QObject::connect(mirror.get(), &ClusterMirror::loaded, window.get(),
                             [&] { QTimer::singleShot(1500, tour.get(), &ScreenshotTour::start); });
        }
    };

    // The command line wins; else the preferences say where to connect.
    const ConsoleSettings::Connection connection = settings->connection();
    const bool useEmbedded = parser.isSet(embedded) ||
                             (!parser.isSet(socket) && connection == ConsoleSettings::Connection::Embedded);
    if (!useEmbedded) {
        QString socketPath = XenstoreConnection::defaultSocketPath();
        if (parser.isSet(socket))
            socketPath = parser.value(socket);
        else if (connection == ConsoleSettings::Connection::Socket && !settings->socketPath().isEmpty())
            socketPath = settings->socketPath();
        connectTo(socketPath);
    } else {
        platform = std::make_unique<EmbeddedPlatformProcess>();
        QObject::connect(platform.get(), &EmbeddedPlatformProcess::ready, &app, connectTo);
        QObject::connect(platform.get(), &EmbeddedPlatformProcess::failed, &app, [&](const QString &message) {
            spdlog::critical("{}", message);
            QMessageBox::critical(nullptr, QApplication::translate("main", "Clonedeck"), message);
            app.exit(1);
        });
        platform->start(parser.value(runDir)); // clonedeckd creates it, private (0700), or refuses it
    }
    const int status = app.exec();
    tour.reset();
    window.reset();
    policies.reset(); // stops the policies' agents before the sessions go
    launcher.reset();
    sessions.reset(); // ends the agent sessions
    mirror.reset();
    client.reset();
    actions.reset();
    platform.reset(); // stops clonedeckd
    // The event log model goes with main(); later log lines go to stderr only.
    logging::setup(
        {QStringLiteral("clonedeck"), {}, true, logging::levelFromEnvironment(spdlog::level::info)});
    return status;
}
