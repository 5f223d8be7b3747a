"""Tests of the project file: the door, snapshots, several processes, locations."""
