"""Pages of the main window: one module per page."""
