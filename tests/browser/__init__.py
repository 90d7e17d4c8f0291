"""Real-browser tests: Debian's Chromium driven by Playwright against a live server.

A package so that the test modules can share ``pages.py`` with relative imports and so
that this directory's conftest.py never collides with tests/conftest.py.
"""
