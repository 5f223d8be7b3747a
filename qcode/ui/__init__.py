"""The Qt layer: thin adapters (models, views, dialogs, undo commands) over the core services."""
