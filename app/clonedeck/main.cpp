// clonedeck: the console. Wires the embedded platform (or a given socket), the
// xenstore client, the mirror, the actions and the main window; little else.
#include "ClusterMirror.h"
#include "EmbeddedPlatformProcess.h"
#include "EventLogModel.h"
#include "Log.h"
#include "MainWindow.h"
#include "PlatformActions.h"
#include "XenstoreClient.h"
#include "XenstoreConnection.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTimer>
#include <QTranslator>

#include <memory>

using namespace clonedeck;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("clonedeck"));
    QApplication::setOrganizationDomain(QStringLiteral("clonedeck.org"));
    QApplication::setApplicationDisplayName(QStringLiteral("Clonedeck"));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("clonedeck"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        app.installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Console for elastic virtual clusters built on VM cloning."));
    parser.addHelpOption();
    const QCommandLineOption embedded(QStringLiteral("embedded"), QApplication::translate("main", "Start the embedded platform (clonedeckd) and connect to it."));
    const QCommandLineOption runDir(QStringLiteral("run-dir"), QApplication::translate("main", "Run directory of the embedded platform."),
                                    QStringLiteral("DIR"), QDir::homePath() + QStringLiteral("/.local/state/clonedeck"));
    const QCommandLineOption socket(QStringLiteral("socket"), QApplication::translate("main", "Connect to the xenstored socket at PATH."),
                                    QStringLiteral("PATH"));
    const QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                         QApplication::translate("main", "Save a PNG of each main view into DIR once the views are filled, then quit."),
                                         QStringLiteral("DIR"));
    parser.addOptions({embedded, runDir, socket, screenshots});
    parser.process(app);

    auto events = std::make_unique<EventLogModel>();
    logging::setup({QStringLiteral("clonedeck"), {}, true, logging::levelFromEnvironment(spdlog::level::info)});
    logging::addSink(std::make_shared<EventLogSink>(events.get()));

    std::unique_ptr<EmbeddedPlatformProcess> platform;
    std::unique_ptr<XenstoreClient> client;
    std::unique_ptr<ClusterMirror> mirror;
    std::unique_ptr<PlatformActions> actions;
    std::unique_ptr<MainWindow> window;
    auto connectTo = [&](const QString &socketPath) {
        client = std::make_unique<XenstoreClient>(socketPath);
        mirror = std::make_unique<ClusterMirror>(client.get());
        actions = std::make_unique<PlatformActions>(socketPath);
        window = std::make_unique<MainWindow>(client.get(), mirror.get(), actions.get(), events.get());
        window->show();
        client->start();
        mirror->start();
        if (parser.isSet(screenshots)) {
            // For docs/screenshots: give the views a moment to fill and lay out, then grab each tab.
            QObject::connect(mirror.get(), &ClusterMirror::loaded, window.get(), [&] {
                QTimer::singleShot(1500, window.get(), [&] {
                    const QString dir = parser.value(screenshots);
                    QDir().mkpath(dir);
                    for (const QString &tab : {QStringLiteral("membership"), QStringLiteral("tickets"),
                                               QStringLiteral("dashboard"), QStringLiteral("events")}) {
                        window->showTab(tab);
                        QApplication::processEvents();
                        window->grab().save(dir + QLatin1Char('/') + tab + QStringLiteral(".png"));
                    }
                    app.quit();
                });
            });
        }
    };

    if (parser.isSet(socket) || !parser.isSet(embedded)) {
        connectTo(parser.isSet(socket) ? parser.value(socket) : XenstoreConnection::defaultSocketPath());
    } else {
        platform = std::make_unique<EmbeddedPlatformProcess>();
        QObject::connect(platform.get(), &EmbeddedPlatformProcess::ready, &app, connectTo);
        QObject::connect(platform.get(), &EmbeddedPlatformProcess::failed, &app, [&](const QString &message) {
            spdlog::critical("{}", message);
            QMessageBox::critical(nullptr, QApplication::translate("main", "Clonedeck"), message);
            app.exit(1);
        });
        QDir().mkpath(parser.value(runDir));
        platform->start(parser.value(runDir));
    }
    const int status = app.exec();
    window.reset();
    mirror.reset();
    client.reset();
    actions.reset();
    platform.reset(); // stops clonedeckd
    // The event log model goes with main(); later log lines go to stderr only.
    logging::setup({QStringLiteral("clonedeck"), {}, true, logging::levelFromEnvironment(spdlog::level::info)});
    return status;
}
