"""Qt item models: thin adapters from the core services' lists to Qt views."""
