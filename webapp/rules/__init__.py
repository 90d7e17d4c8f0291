"""The decision code: plain Python, no Flask.

The web wizard and the JSON API both call :func:`webapp.rules.outcome.decide`; nothing
else decides which paper a resident gets.
"""
