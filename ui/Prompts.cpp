#include "Prompts.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>

#include <optional>

namespace clonedeck {

namespace {
// The seam's state: one answer waiting, and what was last asked. Tests only set it.
struct Seam
{
    std::optional<QVariant> next;
    QString last;
};

Seam &seam()
{
    static Seam state;
    return state;
}

QInputDialog *inputDialog(QWidget *parent, const QString &title, const QString &label,
                          const Prompts::Then &then)
{
    auto *dialog = new QInputDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    dialog->setLabelText(label);
    QObject::connect(dialog, &QInputDialog::textValueSelected, dialog, [then](const QString &value) {
        if (!value.trimmed().isEmpty())
            then(value.trimmed());
    });
    return dialog;
}

} // namespace

void Prompts::setNextAnswer(const QVariant &answer)
{
    seam().next = answer;
}

QString Prompts::lastPrompt()
{
    return seam().last;
}

bool Prompts::answeredInAdvance(const QString &prompt, QVariant *answer)
{
    seam().last = prompt;
    if (!seam().next)
        return false;
    *answer = *std::exchange(seam().next, std::nullopt);
    return true;
}

void Prompts::confirm(QWidget *parent, const QString &title, const QString &text, const QString &details,
                      const std::function<void()> &onYes)
{
    if (QVariant answer;
        answeredInAdvance(title + QLatin1Char('\n') + text + QLatin1Char('\n') + details, &answer)) {
        if (answer.toBool())
            onYes();
        return;
    }
    auto *box =
        new QMessageBox(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::Cancel, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(details);
    QObject::connect(box, &QMessageBox::finished, box, [onYes](int result) {
        if (result == QMessageBox::Yes)
            onYes();
    });
    box->open();
}

void Prompts::saveFile(QWidget *parent, const QString &title, const QString &suggested, const QString &filter,
                       const Then &then)
{
    askFile(parent, title, filter, suggested, then);
}

void Prompts::openFile(QWidget *parent, const QString &title, const QString &filter, const Then &then)
{
    askFile(parent, title, filter, QString(), then);
}

void Prompts::askFile(QWidget *parent, const QString &title, const QString &filter, const QString &suggested,
                      const Then &then)
{
    if (QVariant answer; answeredInAdvance(title, &answer)) {
        if (answer.isValid())
            then(answer.toString());
        return;
    }
    auto *dialog = new QFileDialog(parent, title, QString(), filter);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &QFileDialog::fileSelected, dialog, then);
    // A suggested name: saving it; none: opening one that exists.
    dialog->setAcceptMode(suggested.isEmpty() ? QFileDialog::AcceptOpen : QFileDialog::AcceptSave);
    dialog->setFileMode(suggested.isEmpty() ? QFileDialog::ExistingFile : QFileDialog::AnyFile);
    dialog->selectFile(suggested);
    dialog->open();
}

void Prompts::text(QWidget *parent, const QString &title, const QString &label, const Then &then)
{
    if (QVariant answer; answeredInAdvance(title + QLatin1Char('\n') + label, &answer)) {
        if (answer.isValid() && !answer.toString().trimmed().isEmpty())
            then(answer.toString().trimmed());
        return;
    }
    inputDialog(parent, title, label, then)->open();
}

void Prompts::choose(QWidget *parent, const QString &title, const QString &label, const QStringList &items,
                     const Then &then)
{
    if (QVariant answer; answeredInAdvance(title + QLatin1Char('\n') + label, &answer)) {
        if (answer.isValid())
            then(answer.toString());
        return;
    }
    QInputDialog *dialog = inputDialog(parent, title, label, then);
    dialog->setComboBoxItems(items);
    dialog->setComboBoxEditable(true);
    dialog->open();
}

} // namespace clonedeck
