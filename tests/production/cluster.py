"""The production set-up as docs/deploying.md gives it, on 127.0.0.1: two
instances started as deploy/systemd/hoken@.service starts them (its ExecStart, its
EnvironmentFiles), behind deploy/nginx/hoken.conf with TLS (a certificate made
here), and the clients that use it (a resident's cookie jar over HTTPS, from an address of
its own).

Real processes only; `make test` installs nginx (Makefile `system-deps`) and the serving
environment is the one `make serve-build` sets up (.venv-serve, from requirements.lock).
"""
from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import json
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "localhost"  # the site's name in these tests (FLASK_TRUSTED_HOSTS, the certificate)
AS_OF = "2026-01-15"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60, context: ssl.SSLContext | None = None) -> None:
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + seconds
    while True:
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        extra = {"context": context} if parts.scheme == "https" else {}
        connection = kind(parts.hostname, parts.port, timeout=2, **extra)
        try:  # closed whatever the answer: an open socket left to the collector is a warning
            connection.request("GET", parts.path, headers={"Host": f"{HOST}:{parts.port}"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer")
        time.sleep(0.1)


# --- TLS -------------------------------------------------------------------------------------

@dataclass
class Certificates:
    ca: Path  # the authority the clients trust
    chain: Path  # the server's certificate, then the authority's
    key: Path


def make_certificates(folder: Path) -> Certificates:
    """A one-day authority and a certificate for localhost signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hoken test authority")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName(HOST), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    found = Certificates(folder / "ca.pem", folder / "fullchain.pem", folder / "privkey.pem")
    found.ca.write_bytes(ca.public_bytes(pem))
    found.chain.write_bytes(leaf.public_bytes(pem) + ca.public_bytes(pem))
    found.key.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    found.key.chmod(0o600)
    return found


def client_context(certificates: Certificates, **versions) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(certificates.ca))
    for name, value in versions.items():  # minimum_version / maximum_version
        setattr(context, name, value)
    return context


# --- nginx -----------------------------------------------------------------------------------

PACKAGE_CONFIG = Path("/etc/nginx/nginx.conf")  # the one Debian's nginx package installs
SITE = ROOT / "deploy/nginx/hoken.conf"


def nginx_config(folder: Path, *, http_port: int, tls_port: int, upstreams: list[int],
                 certificates: Certificates, ipv6: bool = False) -> Path:
    """The package's own nginx.conf with deploy/nginx/hoken.conf as its conf.d, as
    docs/deploying.md sets it up: free ports, this test's certificate and paths, in the
    foreground, every log in the test's folder (its IPv6 lines left out, unless ``ipv6``: for
    `nginx -t` only)."""
    site = replaced(SITE.read_text(), [  # (what, how many times, with what)
        ("listen 80;", 1, f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", 1, f"listen 127.0.0.1:{tls_port} ssl http2;"),
        ("listen 80 default_server;", 1, f"listen 127.0.0.1:{http_port} default_server;"),
        ("listen 443 ssl http2 default_server;", 1, f"listen 127.0.0.1:{tls_port} ssl http2 default_server;"),
        # IPv4 only here (127.0.0.1): the file's IPv6 lines left out.
        *[(line, 1, line if ipv6 else "") for line in ("listen [::]:80 default_server;",
                                                       "listen [::]:443 ssl http2 default_server;",
                                                       "listen [::]:80;", "listen [::]:443 ssl http2;")],
        ("https://hoken.city.example.jp$request_uri", 1, f"https://{HOST}:{tls_port}$request_uri"),
        ("server_name hoken.city.example.jp;", 1, f"server_name {HOST};"),
        ("/etc/ssl/hoken/fullchain.pem", 1, str(certificates.chain)),
        ("/etc/ssl/hoken/privkey.pem", 1, str(certificates.key)),
        ("/srv/hoken/deploy/errors/", 2, f"{ROOT}/deploy/errors/"),
        ("server 127.0.0.1:8001 ", 1, f"server 127.0.0.1:{upstreams[0]} "),
        ("server 127.0.0.1:8002 ", 1, f"server 127.0.0.1:{upstreams[1]} "),
        ("/var/log/nginx/hoken-error.log", 2, f"{folder}/nginx-error.log"),
        ("/var/log/nginx/hoken-access.log", 2, f"{folder}/nginx-access.log"),
    ])
    assert not [line for line in site.splitlines()
                if "hoken.city.example.jp" in line and not line.lstrip().startswith("#")]
    (folder / "hoken.conf").write_text(site)
    assert PACKAGE_CONFIG.exists(), "nginx's own nginx.conf is missing: `make test` installs the package"
    temp = "".join(f"    {kind}_temp_path {folder}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = replaced(PACKAGE_CONFIG.read_text(), [
        # Workers as root only because the tests run as root (and can then read this folder).
        ("user www-data;", 1, "user root;" if os.geteuid() == 0 else ""),
        ("pid /run/nginx.pid;", 1, f"pid {folder}/nginx.pid;\ndaemon off;"),
        # The package's own logs: no line of the site's may reach them (test_edges).
        ("error_log /var/log/nginx/error.log;", 1, f"error_log {folder}/package-error.log;"),
        ("access_log /var/log/nginx/access.log;", 1, f"access_log {folder}/package-access.log;"),
        ("include /etc/nginx/conf.d/*.conf;", 1, f"include {folder}/hoken.conf;"),
        ("include /etc/nginx/sites-enabled/*;", 1, ""),  # its default site removed
        ("http {\n", 1, "http {\n" + temp),
    ])
    path = folder / "nginx.conf"
    path.write_text(main)
    return path


def replaced(text: str, replacements: list[tuple[str, int, str]]) -> str:
    for old, count, new in replacements:
        assert text.count(old) == count, f"{old!r} is no longer there {count} time(s)"
        text = text.replace(old, new)
    return text


@dataclass
class Nginx:
    folder: Path
    config: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.folder), "-c", str(self.config), "-e", str(self.folder / "nginx-startup.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish requests, then exit
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stderr:
            self.process.stderr.close()


# --- the instances, as deploy/systemd/hoken@.service starts them ------------------------------

UNIT = ROOT / "deploy/systemd/hoken@.service"


def unit_service(unit: Path = UNIT) -> list[tuple[str, str]]:
    """The [Service] section's settings, in order (a key may come more than once)."""
    found, section = [], None
    for line in unit.read_text().splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif section == "Service" and line and not line.startswith("#"):
            key, _, value = line.partition("=")
            found.append((key, value))
    return found


def unit_for(instance: str, folder: Path, files: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """The unit's ExecStart and environment for the instance ``instance`` (its %i, a port),
    this checkout for /srv/hoken, the test's folder for /run/hoken, and ``files`` (the
    unit's EnvironmentFile paths, each to a file of the test's folder) read as systemd reads
    them."""
    service = unit_service()
    assert dict(service)["WorkingDirectory"] == "/srv/hoken"
    environment: dict[str, str] = {}
    for key, value in service:
        value = value.replace("%i", instance).replace("/run/hoken", str(folder))
        if key == "EnvironmentFile":
            for line in Path(files[value]).read_text().splitlines():
                if line.strip() and not line.startswith("#"):
                    name, _, setting = line.partition("=")
                    environment[name] = setting
        elif key == "Environment":
            name, _, setting = value.partition("=")
            environment[name] = setting
    command = shlex.split(dict(service)["ExecStart"].replace("/srv/hoken", str(ROOT)))
    return command, environment


@dataclass
class Instance:
    """One instance of the unit: its port (the unit's %i), access log and process id file in
    the test's folder."""
    port: int
    folder: Path
    name: str
    process: subprocess.Popen | None = None
    starts: int = 0
    # The key it was last started with, and the keys it also reads: what it starts again with.
    secret: str = ""
    fallbacks: tuple[str, ...] = ()

    @property
    def log(self) -> Path:
        return self.folder / f"{self.name}-access-{self.starts}.log"

    @property
    def output(self) -> Path:
        """What this start of the instance wrote to its standard streams: its error log."""
        return self.folder / f"{self.name}-{self.starts}.out"

    @property
    def pidfile(self) -> Path:
        return self.folder / f"{self.port}.pid"  # the unit's GUNICORN_PIDFILE, /run/hoken/%i.pid

    def environment_files(self, secret: str, fallbacks: list[str]) -> dict[str, str]:
        """The unit's EnvironmentFiles, written as docs/deploying.md says for this site: the
        key (root only), then the site's settings."""
        secret_file = self.folder / f"{self.name}-secret.env"
        secret_file.write_text(f"FLASK_SECRET_KEY={secret}\n"
                               + (f"FLASK_SECRET_KEY_FALLBACKS={json.dumps(fallbacks)}\n" if fallbacks else ""))
        secret_file.chmod(0o600)
        site = self.folder / f"{self.name}-site.env"
        site.write_text("FLASK_SESSION_COOKIE_SECURE=true\nFLASK_PROXIES=1\n"
                        f"FLASK_TRUSTED_HOSTS={json.dumps([HOST])}\n"
                        # This test's own: two workers, a log to read, and the day, so that a
                        # resident's pages can be compared with pages made in this process.
                        f"WEB_CONCURRENCY=2\nGUNICORN_ACCESSLOG={self.log}\nFLASK_AS_OF={AS_OF}\n")
        return {"/etc/hoken/secret.env": str(secret_file), "/etc/hoken/site.env": str(site)}

    def start(self, secret: str, fallbacks: list[str] = ()) -> None:
        self.starts += 1
        self.secret, self.fallbacks = secret, tuple(fallbacks)
        command, unit_env = unit_for(str(self.port), self.folder, self.environment_files(secret, list(fallbacks)))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("FLASK_", "GUNICORN_", "WEB_CONCURRENCY", "VIRTUAL_ENV"))}
        output = self.output.open("wb")
        self.process = subprocess.Popen(command, cwd=ROOT, env={**env, **unit_env},
                                        stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        output.close()
        wait_for(f"http://127.0.0.1:{self.port}/healthz")

    def stop(self) -> None:
        """A graceful restart's first half: TERM to gunicorn's master, which finishes the
        requests under way, and exits."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.kill(int(self.pidfile.read_text()), signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
                raise
        self.process = None

    def proxied_requests(self) -> int:
        """Requests this start of the instance answered, other than the health check."""
        if not self.log.exists():
            return 0
        return sum(" /healthz " not in line for line in self.log.read_text().splitlines())


def install_serving() -> None:
    """`make serve-build`, once per release, before the instances start."""
    done = subprocess.run(["make", "--no-print-directory", "serve-build"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@dataclass
class Cluster:
    folder: Path
    certificates: Certificates
    http_port: int
    tls_port: int
    instances: list[Instance]
    nginx: Nginx

    @property
    def base(self) -> str:
        return f"https://{HOST}:{self.tls_port}"

    def context(self, **versions) -> ssl.SSLContext:
        return client_context(self.certificates, **versions)

    def client(self, address: str = "127.0.0.1") -> Client:
        return Client(self.tls_port, self.context(), address)

    def restart(self, instance: Instance, secret: str, fallbacks: list[str] = ()) -> None:
        """docs/deploying.md's restart of one instance: stop it, start it, and wait until nginx
        sends it requests again before the next (its passive check left it out meanwhile)."""
        instance.stop()
        instance.start(secret, fallbacks)
        deadline = time.monotonic() + 60  # nginx's fail_timeout, and more
        while instance.proxied_requests() == 0:
            assert time.monotonic() < deadline, f"nginx sent no request to {instance.name} again"
            time.sleep(0.2)

    def serve_again(self) -> None:
        """Every stopped instance started again on the key it had, and waited for until nginx
        sends it requests (a resident's pages, a few a second, under the rate limit): the
        cluster as the next test expects it."""
        stopped = [instance for instance in self.instances if instance.process is None]
        for instance in stopped:
            instance.start(instance.secret, list(instance.fallbacks))
        deadline = time.monotonic() + 60  # nginx's fail_timeout, and more
        resident = self.client("127.0.0.250")
        try:
            while not all(instance.proxied_requests() for instance in stopped):
                assert time.monotonic() < deadline, "nginx sent no request to an instance started again"
                resident.get("/")
                time.sleep(0.2)
        finally:
            resident.close()


def start_cluster(folder: Path, secret: str = "old") -> Cluster:
    assert Path(NGINX).exists(), "nginx is missing: `make test` installs it (make system-deps)"
    install_serving()
    certificates = make_certificates(folder)
    instances = [Instance(free_port(), folder, "one"), Instance(free_port(), folder, "two")]
    http_port, tls_port = free_port(), free_port()
    config = nginx_config(folder, http_port=http_port, tls_port=tls_port,
                          upstreams=[i.port for i in instances], certificates=certificates)
    cluster = Cluster(folder, certificates, http_port, tls_port, instances, Nginx(folder, config))
    for instance in instances:
        instance.start(secret)
    cluster.nginx.start()
    wait_for(cluster.base + "/healthz", context=cluster.context())
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    cluster.nginx.stop()
    for instance in cluster.instances:
        try:
            instance.stop()
        except (OSError, ValueError):  # already gone, or stopped before it wrote its pid
            if instance.process:
                os.killpg(instance.process.pid, signal.SIGKILL)


# --- a resident's client ----------------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    def token(self) -> str:
        found = TOKEN.search(self.text)
        assert found, f"no CSRF token in a {self.status} page"
        return found[1]


@dataclass
class Client:
    """A browser stand-in over HTTPS: one kept-alive connection from its own address (nginx
    counts limits per address), the cookies it was given, the Origin a browser sends."""
    port: int
    context: ssl.SSLContext
    address: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPSConnection | None = None

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.port}"

    def connect(self) -> http.client.HTTPSConnection:
        if self.connection is None:
            connection = http.client.HTTPSConnection(HOST, self.port, timeout=30, context=self.context,
                                                     source_address=(self.address, 0))
            # localhost, always over IPv4, where nginx listens.
            connection._create_connection = lambda where, timeout, source: socket.create_connection(
                ("127.0.0.1", where[1]), timeout, source)
            self.connection = connection
        return self.connection

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        sent = {"Accept-Encoding": "identity", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = self.connect()
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            body = answer.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if answer.will_close:
            self.close()
        return Response(answer.status, answer.headers, body)

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict[str, str], token: str) -> Response:
        body = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                 "Origin": self.origin})

    def post_json(self, path: str, value: object) -> Response:
        return self.request("POST", path, json.dumps(value).encode(), {"Content-Type": "application/json"})

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
