#include "StatusBarPresenter.h"

#include "ConnectionStatus.h"
#include "Log.h"
#include "OperationProgress.h"
#include "Operations.h"

#include <QStatusBar>

namespace clonedeck {

namespace {
constexpr int kShownMs = 10000; // long enough to read a line, short enough not to mislead later
} // namespace

StatusBarPresenter::StatusBarPresenter(QStatusBar *bar, Operations *operations,
                                       PlatformConnections *connections, QObject *parent)
    : QObject(parent)
    , m_bar(bar)
{
    bar->addPermanentWidget(new OperationProgress(operations, bar));
    bar->addPermanentWidget(new ConnectionStatus(connections, bar));
    connect(operations, &Operations::message, this, [this](const QString &text) {
        m_bar->showMessage(text, kShownMs); // Operations has logged it
    });
}

void StatusBarPresenter::report(const QString &message, bool error)
{
    m_bar->showMessage(message, kShownMs);
    if (error)
        spdlog::error("{}", message);
    else
        spdlog::info("{}", message);
}

} // namespace clonedeck
