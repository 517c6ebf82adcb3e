#pragma once

// The Policy tab: the chosen cluster's elastic policy being edited (PolicyEditor) beside
// what its engine does with it (PolicyMonitor), the monitor following the editor's cluster.
#include <QSplitter>

namespace clonedeck {

class PolicyManager;

class PolicyTab : public QSplitter
{
    Q_OBJECT
public:
    explicit PolicyTab(PolicyManager *policies, QWidget *parent = nullptr);

signals:
    void message(const QString &text, bool error);
};

} // namespace clonedeck
