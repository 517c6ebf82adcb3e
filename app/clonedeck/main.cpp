// clonedeck: the console. Builds ConsoleCore (every service, the start-up sequence) and
// the main window on it, connects where the command line or the preferences say; little else.
#include "ConnectionManager.h"
#include "ConsoleCore.h"
#include "ConsoleSettings.h"
#include "Log.h"
#include "MainWindow.h"
#include "PolicyConfig.h"
#include "PolicyManager.h"
#include "ScreenshotTour.h"
#include "SignalWatcher.h"
#include "XenstoreConnection.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>

#include <algorithm>
#include <csignal>
#include <memory>

using namespace clonedeck;

namespace {
// Something for the policy panel of the screenshots to show, changing nothing: a dry run.
PolicyConfig screenshotPolicy()
{
    PolicyConfig demo;
    demo.cluster = QStringLiteral("farm");
    demo.dryRun = true;
    demo.enabled = true;
    demo.manualDemand = 3;
    demo.inDemandDelayMs = 300;
    demo.coolDownMs = 200;
    return demo;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("clonedeck"));
    QApplication::setOrganizationDomain(QStringLiteral("clonedeck.org"));
    QApplication::setApplicationDisplayName(QStringLiteral("Clonedeck"));
    logging::setup(
        {QStringLiteral("clonedeck"), {}, true, logging::levelFromEnvironment(spdlog::level::info)});

    // Screenshots neither read nor change the user's preferences, pins and policies. Known
    // before the options are parsed, so that --help already speaks the chosen language.
    const QStringList arguments = app.arguments();
    const bool takingScreenshots = std::any_of(arguments.begin(), arguments.end(), [](const QString &a) {
        return a.startsWith(QLatin1String("--screenshots"));
    });
    const auto screenshotState = takingScreenshots ? std::make_unique<QTemporaryDir>() : nullptr;
    ConsoleCore core(takingScreenshots ? screenshotState->path() : QString());

    const QLocale locale =
        core.settings()->language().isEmpty() ? QLocale() : QLocale(core.settings()->language());
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
    const QCommandLineOption backend(
        QStringLiteral("backend"),
        QApplication::translate("main", "VM backend of the embedded platform (sandbox or qemu)."),
        QStringLiteral("NAME"));
    const QCommandLineOption connect(
        QStringLiteral("connect"),
        QApplication::translate("main",
                                "Also drive the platform at URI, shown as NAME (this run only; repeatable)."),
        QStringLiteral("NAME=URI"));
    const QCommandLineOption keepPlatform(
        QStringLiteral("keep-platform"),
        QApplication::translate("main", "Leave the embedded platform running when the console quits "
                                        "(the next start attaches to it)."));
    parser.addOptions({embedded, runDir, backend, keepPlatform, socket, screenshots, connect});
    parser.process(app);

    MainWindow window(core);
    window.show();
    std::unique_ptr<ScreenshotTour> tour;
    if (takingScreenshots) {
        // For docs/screenshots: give the views a moment to fill and lay out, then tour and grab each tab.
        tour = std::make_unique<ScreenshotTour>(&window, parser.value(screenshots));
        QObject::connect(tour.get(), &ScreenshotTour::done, &app,
                         [&](bool complete) { app.exit(complete ? 0 : 2); });
        QObject::connect(&core, &ConsoleCore::ready, &window, [&] {
            core.policies()->save(screenshotPolicy());
            QTimer::singleShot(1500, tour.get(), &ScreenshotTour::start);
        });
    }
    // SIGINT/SIGTERM quit as the window's Quit would: the event loop returns, the window and
    // ConsoleCore go, and the embedded platform stops with them unless kept.
    SignalWatcher signalWatcher({SIGINT, SIGTERM});
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, &app, [&app](int signal) {
        spdlog::info("signal {}: quitting", signal);
        app.quit();
    });
    QObject::connect(&core, &ConsoleCore::failed, &window, [&](const QString &reason, const QString &advice) {
        auto *box = new QMessageBox(QMessageBox::Critical, QApplication::translate("main", "Clonedeck"),
                                    reason, QMessageBox::Close, &window);
        box->setInformativeText(advice);
        QObject::connect(box, &QMessageBox::finished, &app, [&app] { app.exit(1); });
        box->open();
    });

    // The command line wins; else the preferences say where to connect.
    const ConsoleSettings::Connection connection = core.settings()->connection();
    if (parser.isSet(embedded) ||
        (!parser.isSet(socket) && connection == ConsoleSettings::Connection::Embedded))
        core.startEmbedded(parser.value(runDir), parser.value(backend),
                           parser.isSet(keepPlatform) || core.settings()->keepPlatformRunning());
    else if (parser.isSet(socket))
        core.connectTo(parser.value(socket));
    else if (connection == ConsoleSettings::Connection::Socket && !core.settings()->socketPath().isEmpty())
        core.connectTo(core.settings()->socketPath());
    else
        core.connectTo(XenstoreConnection::defaultSocketPath());
    if (!takingScreenshots)
        core.connectRemembered(); // the operator's other hosts, each on a connection of its own
    for (const QString &named : parser.values(connect)) {
        const qsizetype equals = named.indexOf(QLatin1Char('='));
        const auto added = core.connectionManager()->connectTo(named.left(equals), named.mid(equals + 1));
        if (equals <= 0 || !added)
            spdlog::error("--connect {}: {}", named,
                          added ? QStringLiteral("NAME=URI expected") : added.error().toString());
    }
    return app.exec();
}
