#include "widgets/wallscreenlook.h"
#include "widgets/palette.h"

#include <QApplication>
#include <QPainter>
#include <QProxyStyle>
#include <QStyleFactory>
#include <QStyleOption>

namespace livedash {

namespace {

/// Fusion, with an edge around check boxes and radio buttons that a dark palette can see.
class WallScreenStyle : public QProxyStyle
{
public:
    WallScreenStyle() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {}

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget) const override
    {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        if (element != PE_IndicatorCheckBox && element != PE_IndicatorRadioButton)
            return;
        const bool enabled = option->state & State_Enabled;
        QColor edge = option->state & State_HasFocus
                          ? option->palette.color(QPalette::Highlight)
                          : option->palette.color(QPalette::PlaceholderText);
        if (!enabled)
            edge.setAlpha(110);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(edge, 1));
        painter->setBrush(Qt::NoBrush);
        const QRectF box = QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5);
        if (element == PE_IndicatorCheckBox)
            painter->drawRoundedRect(box, 2, 2);
        else
            painter->drawEllipse(box);
        painter->restore();
    }
};

} // namespace

void applyWallScreenLook(QApplication &app)
{
    app.setStyle(new WallScreenStyle); // the application takes ownership
    QPalette p;
    p.setColor(QPalette::Window, palette::window());
    p.setColor(QPalette::WindowText, palette::text());
    p.setColor(QPalette::Base, palette::base());
    p.setColor(QPalette::AlternateBase, palette::alternateBase());
    p.setColor(QPalette::ToolTipBase, palette::window());
    p.setColor(QPalette::ToolTipText, palette::text());
    p.setColor(QPalette::Text, palette::text());
    p.setColor(QPalette::Button, palette::button());
    p.setColor(QPalette::ButtonText, palette::text());
    p.setColor(QPalette::BrightText, palette::brightText());
    p.setColor(QPalette::Highlight, palette::highlight());
    p.setColor(QPalette::HighlightedText, palette::brightText());
    p.setColor(QPalette::PlaceholderText, palette::textDim());
    for (const auto role : {QPalette::Text, QPalette::ButtonText, QPalette::WindowText})
        p.setColor(QPalette::Disabled, role, palette::textDisabled());
    app.setPalette(p);
    app.setStyleSheet(
        QStringLiteral("QFrame#panel { background: %1; border: 1px solid %2; border-radius: 4px; }")
            .arg(palette::css(palette::panel()), palette::css(palette::panelBorder())));
}

} // namespace livedash
