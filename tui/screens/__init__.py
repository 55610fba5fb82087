"""Screens of the review app that live in their own files and are wired in by tui/app.py."""
