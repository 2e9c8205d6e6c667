#pragma once

#include <QDoubleSpinBox>
#include <QEvent>
#include <QLocale>

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

} // namespace livedash::internal
