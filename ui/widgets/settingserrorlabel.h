#pragma once

#include "widgets/palette.h"

#include <livedash/problem.h>

#include <QEvent>
#include <QLabel>
#include <QPalette>

namespace livedash::internal {

/// An inline error line of the settings dialog: red, word-wrapped, hidden while empty.
class ErrorLabel : public QLabel
{
public:
    explicit ErrorLabel(const QString &objectName, QWidget *parent = nullptr) : QLabel(parent)
    {
        setObjectName(objectName);
        setWordWrap(true);
        setTextFormat(Qt::PlainText);
        setTextInteractionFlags(Qt::TextSelectableByMouse);
        setVisible(false);
        applyColor();
    }

    /// A red that stays readable on light and dark palettes.
    static QColor errorColor(const QPalette &current)
    {
        return palette::errorText(current.color(QPalette::Window).lightness() < 128);
    }

protected:
    void changeEvent(QEvent *event) override
    {
        QLabel::changeEvent(event);
        if (event->type() == QEvent::PaletteChange && !m_applying)
            applyColor();
    }

private:
    void applyColor()
    {
        m_applying = true;
        QPalette p = palette();
        p.setColor(QPalette::WindowText, errorColor(p));
        setPalette(p);
        m_applying = false;
    }

    bool m_applying = false;
};

/// Shows `text` on an error line (an ErrorLabel), or hides the line when `text` is empty.
inline void setError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

/// Shows the messages of `problems`, one per line, on an error line.
inline void setError(QLabel *label, const QList<Problem> &problems)
{
    QStringList lines;
    for (const Problem &p : problems)
        lines.append(p.message);
    setError(label, lines.join(QLatin1Char('\n')));
}

} // namespace livedash::internal
