"""Everything Qt: models, widgets, the main window, printing."""
