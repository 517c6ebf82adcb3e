#pragma once

// `clonedeck --screenshots DIR`: once the views are filled, starts an agent that prints
// and keeps running on a clone, runs the test bench through a whole launch (`echo
// hello`), waits (with a deadline) until both show what a person would see, then saves
// a PNG of every tab into DIR and reports done.
#include <QDeadlineTimer>
#include <QMap>
#include <QObject>
#include <QString>

namespace clonedeck {

class MainWindow;

class ScreenshotTour : public QObject
{
    Q_OBJECT
public:
    ScreenshotTour(MainWindow *window, QString directory, QObject *parent = nullptr);

    void start();

signals:
    void done(bool complete);

private:
    void poll();
    bool ready() const;
    // The first clone of each host in the tree, by host (connection name).
    QMap<QString, int> firstClones() const;
    void capture(bool complete);

    MainWindow *m_window;
    QString m_directory;
    QDeadlineTimer m_deadline;
    bool m_benchDone = false;
    bool m_captured = false;
};

} // namespace clonedeck
