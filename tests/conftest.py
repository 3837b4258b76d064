"""Suite-wide set-up: Qt runs offscreen, so the whole suite needs no screen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
