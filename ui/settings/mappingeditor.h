#pragma once

#include "document/mapping.h"

#include <livedash/problem.h>

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace livedash {

/// Edits a feed's FieldMapping: timestamp and sequence paths and the channel mapping table.
/// Shared by every JSON-speaking feed kind.
class MappingEditor : public QWidget
{
    Q_OBJECT
public:
    enum Column { PathColumn, ChannelColumn, TypeColumn, UnitColumn, OptionalColumn };

    explicit MappingEditor(QWidget *parent = nullptr);

    void setMapping(const FieldMapping &mapping);
    /// The edited mapping. Rows with neither path nor channel are left out; an empty channel
    /// is named after its path.
    FieldMapping mapping() const;

    /// FieldMapping::validate() plus what the file format also requires (a path per row).
    static QList<Problem> problems(const FieldMapping &mapping);

    /// Shows problems of the mapping (paths like "channels[1].path") under the table and marks
    /// the cells they name.
    void setErrors(const QList<Problem> &problems);

    /// Appends an empty mapping row and returns its index.
    int addRow();

Q_SIGNALS:
    /// The user changed the mapping.
    void changed();

private:
    void insertRow(const ChannelMapping &mapping);
    void removeSelectedRows();
    void updateHint();

    QLineEdit *m_timestamp;
    QComboBox *m_timestampFormat;
    QLineEdit *m_sequence;
    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_hint;
    QLabel *m_errors;
    bool m_loading = false;
};

} // namespace livedash
