#pragma once

#include "document/dashboard.h"

#include <QDoubleSpinBox>
#include <QEvent>
#include <QLocale>
#include <QSpinBox>

namespace livedash::internal {

/// A double spin box that shows values in their shortest exact form ("0.5", not "0.500000").
class CompactDoubleSpinBox : public QDoubleSpinBox
{
public:
    explicit CompactDoubleSpinBox(QWidget *parent = nullptr) : QDoubleSpinBox(parent)
    {
        setDecimals(10);
        setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    }

protected:
    QString textFromValue(double value) const override
    {
        QLocale l = locale();
        l.setNumberOptions(l.numberOptions() | QLocale::OmitGroupSeparator);
        return l.toString(value, 'f', QLocale::FloatingPointShortest);
    }
};

/// Lets the mouse wheel scroll the settings page instead of changing the value of a spin box
/// or combo box the pointer happens to pass over; a focused editor still takes the wheel.
class WheelGuard : public QObject
{
public:
    explicit WheelGuard(QWidget *editor) : QObject(editor)
    {
        editor->setFocusPolicy(Qt::StrongFocus);
        editor->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Wheel && !static_cast<QWidget *>(watched)->hasFocus()) {
            event->ignore(); // propagates to the scroll area
            return true;
        }
        return false;
    }
};

/// Installs a WheelGuard on `editor` (owned by it) and returns the editor.
template<typename T>
T *guardWheel(T *editor)
{
    new WheelGuard(editor);
    return editor;
}

/// The settings dialog's editors for numbers, one factory per kind. Each guards the wheel.

/// A whole number within `range` (a document limit: the file reader checks the same one).
QSpinBox *createSpinBox(const QString &objectName, Range range, int minimumWidth = 120);
/// Milliseconds within `range`: " ms", steps of 100, thousands separated.
QSpinBox *createDurationSpinBox(const QString &objectName, Range range);
/// Any number, shown in its shortest form (thresholds, axis limits, Double options).
QDoubleSpinBox *createNumberSpinBox(const QString &objectName, double minimum = -1e15,
                                    double maximum = 1e15, int minimumWidth = 110);

} // namespace livedash::internal
