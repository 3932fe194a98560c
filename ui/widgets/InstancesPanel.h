#pragma once
// The Objects panel: one row per instance with colour swatch, name, visibility and lock;
// add / rename / delete / reorder. Every change goes through the document's undo stack.

#include <QPointer>
#include <QWidget>

#include "ui/model/Document.h"

class QTreeWidget;
class QTreeWidgetItem;

namespace rm::ui {

class InstancesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit InstancesPanel(QWidget* parent = nullptr);
  void setDocument(bridge::Document* doc);
  int currentInstance() const { return current_; }

 public slots:
  void setCurrentInstance(int id);
  void addInstance();
  void removeCurrent();
  void moveCurrent(int delta);
  void editColour();

 signals:
  void currentInstanceChanged(int id);

 private:
  void rebuild();
  void onItemChanged(QTreeWidgetItem* item, int column);

  QPointer<bridge::Document> doc_;
  QTreeWidget* tree_ = nullptr;
  int current_ = 0;
  bool rebuilding_ = false;
};

}  // namespace rm::ui
