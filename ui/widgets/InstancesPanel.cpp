#include "ui/widgets/InstancesPanel.h"

#include <QColorDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPainter>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace rm::ui {

namespace {
enum Column { kName = 0, kVisible = 1, kLocked = 2 };

QIcon swatch(const QColor& colour) {
  QPixmap pm(14, 14);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(QPen(QColor(0, 0, 0, 160), 1));
  p.setBrush(colour);
  p.drawRoundedRect(QRectF(0.5, 0.5, 13, 13), 3, 3);
  return QIcon(pm);
}

QToolButton* makeButton(QWidget* parent, const QString& text, const QString& tip) {
  auto* b = new QToolButton(parent);
  b->setText(text);
  b->setToolTip(tip);
  b->setAutoRaise(true);
  return b;
}
}  // namespace

InstancesPanel::InstancesPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("instancesPanel"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  tree_ = new QTreeWidget(this);
  tree_->setObjectName(QStringLiteral("instancesList"));
  tree_->setColumnCount(3);
  tree_->setHeaderLabels({tr("Object"), tr("Visible"), tr("Locked")});
  // Per-object show/hide while painting: the fill, the outline and the onion skin follow it.
  tree_->headerItem()->setToolTip(
      kVisible, tr("Show or hide this object's overlay (fill, outline, onion skin) while you "
                   "paint; the masks and exports keep it."));
  tree_->headerItem()->setToolTip(kLocked,
                                  tr("Protect this object from strokes of the other objects."));
  tree_->setRootIsDecorated(false);
  tree_->setUniformRowHeights(true);
  tree_->header()->setSectionResizeMode(kName, QHeaderView::Stretch);
  tree_->header()->setSectionResizeMode(kVisible, QHeaderView::ResizeToContents);
  tree_->header()->setSectionResizeMode(kLocked, QHeaderView::ResizeToContents);
  tree_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  layout->addWidget(tree_);

  auto* buttons = new QHBoxLayout();
  QToolButton* add = makeButton(this, tr("+"), tr("Add object"));
  QToolButton* remove = makeButton(this, tr("−"), tr("Delete object"));
  QToolButton* up = makeButton(this, tr("▲"), tr("Move up"));
  QToolButton* down = makeButton(this, tr("▼"), tr("Move down"));
  QToolButton* colour = makeButton(this, tr("Colour…"), tr("Change the object's colour"));
  for (QToolButton* b : {add, remove, up, down, colour})
    buttons->addWidget(b);
  buttons->addStretch();
  layout->addLayout(buttons);

  connect(add, &QToolButton::clicked, this, &InstancesPanel::addInstance);
  connect(remove, &QToolButton::clicked, this, &InstancesPanel::removeCurrent);
  connect(up, &QToolButton::clicked, this, [this] { moveCurrent(-1); });
  connect(down, &QToolButton::clicked, this, [this] { moveCurrent(1); });
  connect(colour, &QToolButton::clicked, this, &InstancesPanel::editColour);
  connect(tree_, &QTreeWidget::itemChanged, this, &InstancesPanel::onItemChanged);
  connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (rebuilding_ || !item) return;
    current_ = item->data(kName, Qt::UserRole).toInt();
    emit currentInstanceChanged(current_);
  });
}

void InstancesPanel::setDocument(bridge::Document* doc) {
  if (doc_) disconnect(doc_, nullptr, this, nullptr);
  doc_ = doc;
  if (doc_) connect(doc_, &bridge::Document::instancesChanged, this, &InstancesPanel::rebuild);
  rebuild();
}

void InstancesPanel::rebuild() {
  rebuilding_ = true;
  tree_->clear();
  QTreeWidgetItem* selected = nullptr;
  if (doc_) {
    for (const bridge::Instance& inst : doc_->instances()) {
      auto* item = new QTreeWidgetItem(tree_);
      item->setData(kName, Qt::UserRole, inst.id);
      item->setText(kName, inst.name);
      item->setIcon(kName, swatch(inst.colour));
      item->setToolTip(kName, tr("Label %1 · %2").arg(inst.id).arg(inst.colour.name()));
      item->setFlags(item->flags() | Qt::ItemIsEditable | Qt::ItemIsUserCheckable);
      item->setCheckState(kVisible, inst.visible ? Qt::Checked : Qt::Unchecked);
      item->setCheckState(kLocked, inst.locked ? Qt::Checked : Qt::Unchecked);
      if (inst.id == current_) selected = item;
    }
  }
  if (!selected && tree_->topLevelItemCount() > 0) selected = tree_->topLevelItem(0);
  const int previous = current_;
  current_ = selected ? selected->data(kName, Qt::UserRole).toInt() : 0;
  if (selected) tree_->setCurrentItem(selected);
  rebuilding_ = false;
  if (current_ != previous) emit currentInstanceChanged(current_);
}

void InstancesPanel::onItemChanged(QTreeWidgetItem* item, int column) {
  if (rebuilding_ || !doc_) return;
  const int id = item->data(kName, Qt::UserRole).toInt();
  const bridge::Instance* inst = doc_->instance(id);
  if (!inst) return;
  // Document edits rebuild the list: defer so the item is not deleted inside its signal.
  QMetaObject::invokeMethod(
      this,
      [this, id, column, text = item->text(kName),
       checked = item->checkState(column) == Qt::Checked] {
        if (!doc_) return;
        if (column == kName) doc_->renameInstance(id, text);
        if (column == kVisible) doc_->setInstanceVisible(id, checked);
        if (column == kLocked) doc_->setInstanceLocked(id, checked);
        rebuild();
      },
      Qt::QueuedConnection);
}

void InstancesPanel::setCurrentInstance(int id) {
  if (id == current_) return;
  current_ = id;
  rebuild();
  emit currentInstanceChanged(current_);
}

void InstancesPanel::addInstance() {
  if (!doc_ || !doc_->isOpen()) return;
  const int id = doc_->addInstance();
  if (id > 0) setCurrentInstance(id);
}

void InstancesPanel::removeCurrent() {
  if (doc_ && current_ > 0) doc_->removeInstance(current_);
}

void InstancesPanel::moveCurrent(int delta) {
  if (!doc_ || current_ <= 0) return;
  doc_->moveInstance(current_, doc_->indexOfInstance(current_) + delta);
}

void InstancesPanel::editColour() {
  if (!doc_ || !doc_->instance(current_)) return;
  const bridge::Instance inst = *doc_->instance(current_);
  const QColor colour =
      QColorDialog::getColor(inst.colour, this, tr("Colour of %1").arg(inst.name));
  if (colour.isValid()) doc_->setInstanceColour(inst.id, colour);
}

}  // namespace rm::ui
