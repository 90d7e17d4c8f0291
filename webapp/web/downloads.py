"""Files a resident downloads: a calendar (.ics) of one person's or the household's days."""
from __future__ import annotations

from flask import make_response


def calendar_response(ics: bytes, filename: str):
    """An .ics file to download (one person's or the household's); ``filename`` names
    the city only, never the person."""
    response = make_response(ics)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    return response  # Cache-Control: no-store comes with every page (create_app)
