"""REFI-QDA projects (.qdpx): import a vendor's whole project and export ours."""
