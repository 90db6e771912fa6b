"""The Qt layer: windows, dialogs, widgets and table models on top of the core."""
