"""The test suite: one module per part of the app, helpers in tests/helpers.py."""
