"""The main window's parts: panes and layout, project lifecycle, refreshing, commands, messages."""
