#pragma once

// A flat table of fixed columns: the rows are the subclass's (rows()), the header shows the
// columns' titles. Titles are marked for translation where a model lists them
// (QT_TRANSLATE_NOOP, its class name as context) and translated when shown, so a language
// installed after the model was made still applies.
#include <QAbstractTableModel>
#include <QList>

namespace clonedeck {

class TableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

    // The same header for a model that is no table (a tree): titles[section], translated in context.
    static QVariant header(const char *context, const QList<const char *> &titles, int section,
                           Qt::Orientation orientation, int role);

protected:
    TableModel(const char *context, QList<const char *> titles, QObject *parent);
    virtual int rows() const = 0;

private:
    const char *m_context;
    QList<const char *> m_titles;
};

} // namespace clonedeck
