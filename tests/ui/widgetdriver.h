#pragma once

// Driving widgets as an operator would, for UI tests: find by objectName, type, pick.

#include <QComboBox>
#include <QLineEdit>
#include <QTest>

namespace livedash::test {

/// The child of `root` named `name`, or null with a warning saying which was missing.
template<typename T>
T *find(const QObject *root, const QString &name)
{
    T *w = root->findChild<T *>(name);
    if (!w)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return w;
}

/// Replaces the text of a line edit as typing would (textEdited is emitted).
inline void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Delete);
    else
        QTest::keyClicks(edit, text);
}

/// Picks the item whose data is `data`, as a user choosing it from the popup does.
inline bool choose(QComboBox *combo, const QVariant &data)
{
    const int index = combo->findData(data);
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index);
    return true;
}

} // namespace livedash::test
