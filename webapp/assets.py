"""Static files under content-hashed names, served by WhiteNoise with a one-year cache.

At start-up every file in ``static/`` is copied to ``css/app.<hash>.css`` and so on in a
build folder, stylesheets and scripts minified (rcssmin, rjsmin: their comments and spaces
are a third of a first visit's bytes), with gzip and brotli copies beside it (WhiteNoise's
own compressor), and
WhiteNoise serves that folder in front of Flask. Templates ask ``static_url('css/app.css')``
for the hashed address: a changed file gets a new name, so browsers may keep every name
for a year without ever asking again.

The build folder is named after the hash of all sources and made in a temporary folder
then renamed, so gunicorn workers starting together never see half a build.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import rcssmin
import rjsmin
from flask import Flask, url_for
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

HASHED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
ONE_YEAR = 365 * 24 * 3600


def hashed_name(relative: str, content: bytes) -> str:
    stem, dot, ext = relative.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:12]
    return f"{stem}.{digest}.{ext}" if dot else f"{relative}.{digest}"


# What is sent of a file: comments and spaces are for whoever edits it, not for the phone.
MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def served(path: Path) -> bytes:
    """A file's bytes as sent: stylesheets and scripts minified, everything else as it is."""
    content = path.read_bytes()
    minify = MINIFIERS.get(path.suffix)
    return minify(content.decode("utf-8")).encode("utf-8") if minify else content


def build(source: Path, build_root: Path) -> tuple[Path, dict[str, str]]:
    """The build folder and the manifest {"css/app.css": "css/app.<hash>.css", …}."""
    files = sorted(p for p in source.rglob("*") if p.is_file())
    manifest, contents = {}, {}
    overall = hashlib.sha256()
    for path in files:
        relative = path.relative_to(source).as_posix()
        content = served(path)
        manifest[relative] = hashed_name(relative, content)
        contents[manifest[relative]] = content
        overall.update(manifest[relative].encode() + b"\0")
    target = build_root / overall.hexdigest()[:16]
    if not target.is_dir():
        build_root.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=build_root, prefix=".tmp-"))
        try:
            compressor = Compressor(quiet=True)
            for name, content in contents.items():
                out = scratch / name
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(content)
                if compressor.should_compress(name):
                    compressor.compress(str(out))
            os.chmod(scratch, 0o755)
            os.rename(scratch, target)
        except OSError:
            if not target.is_dir():  # not just another worker finishing first
                raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return target, manifest


class OneYearWhiteNoise(WhiteNoise):
    FOREVER = ONE_YEAR  # WhiteNoise's default is ten years; a year is the usual ceiling


def static_headers(headers, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"


def init_app(app: Flask, source: Path) -> None:
    # Outside the package (an installed package may be read-only): the instance folder.
    build_root = Path(app.config.get("STATIC_BUILD_DIR") or Path(app.instance_path) / "static-build")
    folder, manifest = build(source, build_root)
    app.extensions["static_manifest"] = manifest
    # Unhashed names are not in the build folder: they fall through to Flask's own
    # static route (no long cache), so an old bookmark to css/app.css still works.
    assert app.static_url_path is not None  # Flask(__name__) has a static folder
    # Wrapping wsgi_app is Flask's own way to add WSGI middleware (mypy: a method replaced).
    app.wsgi_app = OneYearWhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app, root=str(folder), prefix=app.static_url_path.strip("/") + "/",
        max_age=ONE_YEAR, immutable_file_test=lambda path, url: bool(HASHED.search(url)),
        allow_all_origins=False, add_headers_function=static_headers)

    @app.template_global()
    def static_url(filename: str) -> str:
        return url_for("static", filename=manifest.get(filename, filename))
