"""The dialogs: thin windows over the core services (import, export, summary, merge, agreement,
pseudonyms, code editor, coder name), running long work on a worker thread."""
