#include "PolicyTab.h"

#include "PolicyEditor.h"
#include "PolicyMonitor.h"

namespace clonedeck {

PolicyTab::PolicyTab(PolicyManager *policies, QWidget *parent)
    : QSplitter(Qt::Horizontal, parent)
{
    auto *editor = new PolicyEditor(policies, this);
    auto *monitor = new PolicyMonitor(policies, this);
    addWidget(editor);
    addWidget(monitor);
    setStretchFactor(1, 2);
    setSizes({620, 580});
    connect(editor, &PolicyEditor::clusterChanged, monitor, &PolicyMonitor::setCluster);
    connect(editor, &PolicyEditor::message, this, &PolicyTab::message);
    monitor->setCluster(editor->currentCluster());
}

} // namespace clonedeck
