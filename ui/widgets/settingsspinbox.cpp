#include "widgets/settingsspinbox.h"

namespace livedash::internal {

QSpinBox *createSpinBox(const QString &objectName, Range range, int minimumWidth)
{
    auto *spin = guardWheel(new QSpinBox);
    spin->setObjectName(objectName);
    spin->setRange(range.min, range.max);
    spin->setGroupSeparatorShown(true);
    spin->setAccelerated(true);
    spin->setMinimumWidth(minimumWidth);
    spin->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    return spin;
}

QSpinBox *createDurationSpinBox(const QString &objectName, Range range)
{
    QSpinBox *spin = createSpinBox(objectName, range, 140);
    spin->setSuffix(QStringLiteral(" ms"));
    spin->setSingleStep(100);
    return spin;
}

QDoubleSpinBox *createNumberSpinBox(const QString &objectName, double minimum, double maximum,
                                    int minimumWidth)
{
    auto *spin = guardWheel(new CompactDoubleSpinBox);
    spin->setObjectName(objectName);
    spin->setRange(minimum, maximum);
    spin->setMinimumWidth(minimumWidth);
    return spin;
}

} // namespace livedash::internal
