#pragma once

// The console's questions to the operator: a confirmation, a file to save or open, a
// line of text, a choice from a list. Each opens with open() (window-modal, never exec():
// no nested event loop) and answers through a callback, only when the operator accepts.
// Tests answer them without any window, the way KeePassXC's GUI tests do
// (MessageBox::setNextAnswer): setNextAnswer() makes the next prompt answer at once,
// and lastPrompt() tells what it asked.
#include <QStringList>
#include <QVariant>

#include <functional>

class QWidget;

namespace clonedeck {

class Prompts
{
public:
    using Then = std::function<void(const QString &answer)>;

    // Yes / Cancel; details: what exactly will happen.
    static void confirm(QWidget *parent, const QString &title, const QString &text, const QString &details,
                        const std::function<void()> &onYes);
    static void saveFile(QWidget *parent, const QString &title, const QString &suggested,
                         const QString &filter, const Then &then);
    static void openFile(QWidget *parent, const QString &title, const QString &filter, const Then &then);
    static void text(QWidget *parent, const QString &title, const QString &label, const Then &then);
    // An editable list: the answer is the text chosen or typed.
    static void choose(QWidget *parent, const QString &title, const QString &label, const QStringList &items,
                       const Then &then);

    // Test seam. The next prompt answers `answer` at once without opening: true/false for
    // confirm (yes/cancel), a string for the others; an invalid QVariant cancels it.
    static void setNextAnswer(const QVariant &answer);
    // The title, text and details of the last prompt (opened or answered by the seam).
    static QString lastPrompt();

private:
    static void askFile(QWidget *parent, const QString &title, const QString &filter,
                        const QString &suggested, const Then &then);
    // True (and `answer` set) if a test answered this prompt in advance.
    static bool answeredInAdvance(const QString &prompt, QVariant *answer);
};

} // namespace clonedeck
