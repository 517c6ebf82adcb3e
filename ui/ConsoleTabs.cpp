#include "ConsoleTabs.h"

namespace clonedeck {

ConsoleTabs::ConsoleTabs(QWidget *parent)
    : QTabWidget(parent)
{
    setObjectName(QStringLiteral("tabs"));
}

void ConsoleTabs::addPage(QWidget *page, const QString &title, const QString &name)
{
    page->setObjectName(name);
    addTab(page, title);
}

void ConsoleTabs::showPage(const QString &name)
{
    for (int i = 0; i < count(); ++i) {
        if (widget(i)->objectName() == name)
            return setCurrentIndex(i);
    }
}

QString ConsoleTabs::currentPage() const
{
    return currentWidget() ? currentWidget()->objectName() : QString();
}

} // namespace clonedeck
