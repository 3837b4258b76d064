"""Regression guard for the PySide6 pin: 6.12.0 on Python 3.11 drops a reference to None on
item-model calls and dies with `Fatal Python error: none_dealloc` after a few thousand."""

import gc
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel


def test_item_model_calls_keep_none_alive() -> None:
    model = QStandardItemModel()
    # Other tests' garbage also holds None; collect it first so only these calls count.
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for row in range(2_500):
            item = QStandardItem(f"row {row}")
            item.setData(None, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
            assert item.data(Qt.ItemDataRole.UserRole) is None
            assert model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) is None
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    assert model.rowCount() == 2_500  # 10,000 item-model calls in all
    assert after >= before
