#include "ui/model/AppSettings.h"

#include <QSettings>

namespace rm::bridge {

AppSettings AppSettings::load() {
  QSettings s;
  AppSettings a;
  SegmenterParams& e = a.engine;
  e.device = s.value(QStringLiteral("engine/device"), QString::fromStdString(e.device))
                 .toString()
                 .toStdString();
  e.threads = s.value(QStringLiteral("engine/threads"), e.threads).toInt();
  e.model = s.value(QStringLiteral("engine/model"), QString::fromStdString(e.model))
                .toString()
                .toStdString();
  e.topK = s.value(QStringLiteral("engine/topK"), e.topK).toInt();
  e.outlierDistance480 =
      s.value(QStringLiteral("engine/outlierDistance480"), e.outlierDistance480).toDouble();
  e.c1 = s.value(QStringLiteral("engine/c1"), e.c1).toDouble();
  e.c2 = s.value(QStringLiteral("engine/c2"), e.c2).toDouble();
  e.bankCap = s.value(QStringLiteral("engine/bankCap"), e.bankCap).toInt();
  a.cacheMegabytes = s.value(QStringLiteral("viewer/cacheMegabytes"), a.cacheMegabytes).toInt();
  return a;
}

void AppSettings::save() const {
  QSettings s;
  s.setValue(QStringLiteral("engine/device"), QString::fromStdString(engine.device));
  s.setValue(QStringLiteral("engine/threads"), engine.threads);
  s.setValue(QStringLiteral("engine/model"), QString::fromStdString(engine.model));
  s.setValue(QStringLiteral("engine/topK"), engine.topK);
  s.setValue(QStringLiteral("engine/outlierDistance480"), engine.outlierDistance480);
  s.setValue(QStringLiteral("engine/c1"), engine.c1);
  s.setValue(QStringLiteral("engine/c2"), engine.c2);
  s.setValue(QStringLiteral("engine/bankCap"), engine.bankCap);
  s.setValue(QStringLiteral("viewer/cacheMegabytes"), cacheMegabytes);
}

}  // namespace rm::bridge
