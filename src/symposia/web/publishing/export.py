"""Static export of a symposium's public site, browsable from disk.

The pages are rendered by the same views and templates as the live site (through
Django's test client, so middleware, static files and caching behave as they do
when serving), starting at the hub and following every link that stays inside
the symposium: its take pages, expert pages, feeds, the synthesis page when the
hub links to one, and the static files they use. Anything else (the archive of
other symposia, search, the API) is linked absolutely on the live site
(``SYMPOSIA_SITE_URL``). Links between exported files are rewritten to relative
ones that end in ``index.html``, so the export works from ``file://`` and on any
static host. Parts of a page that need a server (the hub's filter form) are
marked ``<!--export:omit-->`` in the templates and left out.

Everything is written to a temporary directory beside the target and renamed
into place at the end: a failure leaves nothing half-written.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import tempfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.http import Http404
from django.http.request import validate_host

from symposia.errors import InputError, NotFoundError, SymposiaError
from symposia.web.publishing import services

_LINK = re.compile(r"""\b(href|src)(\s*=\s*)(["'])(.*?)\3""", re.I | re.S)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
_OMIT = re.compile(r"<!--export:omit-->.*?<!--/export:omit-->", re.S)
_EXPORTABLE = ("text/html", "application/rss+xml", "application/atom+xml", "text/css", "image/")
_OTHER_SCHEMES = ("#", "mailto:", "tel:", "data:", "javascript:", "//")


class ExportError(SymposiaError):
    """The site cannot be exported (a page it links to is broken, or the target is in use)."""


@dataclass
class ExportReport:
    """What an export wrote."""

    slug: str
    directory: Path
    pages: int
    files: int
    bytes: int
    live_links: int
    paths: list[str] = field(default_factory=list)


@dataclass
class _Fetched:
    path: str
    content_type: str
    body: bytes
    linked_from: str


def file_for(path: str) -> str:
    """The file an exported URL path is written to, relative to the export root."""
    rel = path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        return rel + "index.html"
    if "." in rel.rsplit("/", 1)[-1]:
        return rel
    return rel + "/index.html"


def relative_link(from_file: str, to_file: str) -> str:
    """The relative URL from one exported file to another."""
    return posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")


class _Exporter:
    def __init__(self, slug: str) -> None:
        from django.test import Client

        self.slug = slug
        self.scope = f"/s/{slug}/"
        self.client = Client(SERVER_NAME=_host(), raise_request_exception=False)
        self.fetched: dict[str, _Fetched] = {}
        self.live: set[str] = set()
        self.live_links = 0

    def in_scope(self, path: str) -> bool:
        return path.startswith((self.scope, "/experts/", settings.STATIC_URL))

    def crawl(self) -> None:
        queue: deque[tuple[str, str]] = deque([(self.scope, "")])
        seen = {self.scope}
        while queue:
            path, source = queue.popleft()
            got = self.fetch(path, source)
            if got is None:
                continue
            for link in self.links_of(got):
                local = self.local_path(link, path)
                if local is None:
                    continue
                target, query = local
                if query or not self.in_scope(target) or target in seen:
                    continue
                seen.add(target)
                queue.append((target, path))

    def fetch(self, path: str, source: str) -> _Fetched | None:
        response = self.client.get(path)
        ctype = response.get("Content-Type", "").split(";")[0].strip()
        if response.status_code in (301, 302, 303, 307, 308, 401, 403, 405) or not ctype.startswith(
            _EXPORTABLE
        ):
            self.live.add(path)  # needs the server: link to the live site instead
            return None
        if response.status_code != 200:
            where = f" (linked from {source})" if source else ""
            raise ExportError(
                f"page {path}{where} answered HTTP {response.status_code}",
                "fix or remove the link, then export again",
            )
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
        got = _Fetched(path, ctype, body, source)
        self.fetched[path] = got
        return got

    def links_of(self, got: _Fetched) -> list[str]:
        if got.content_type == "text/html":
            text = _OMIT.sub("", got.body.decode("utf-8"))
            return [html.unescape(m.group(4)) for m in _LINK.finditer(text)]
        if got.content_type == "text/css":
            return [m.group(2) for m in _CSS_URL.finditer(got.body.decode("utf-8", "replace"))]
        return []

    def local_path(self, link: str, base: str) -> tuple[str, str] | None:
        """(path, query) of a link to this site, or None for another site or a fragment."""
        link = link.strip()
        if not link or link.lower().startswith(_OTHER_SCHEMES):
            return None
        parts = urlsplit(urljoin(base, link))
        if parts.scheme or parts.netloc:
            return None
        return parts.path, parts.query

    def rewrite(self, got: _Fetched, own_file: str) -> bytes:
        counter = [0]

        def target_for(link: str) -> str | None:
            local = self.local_path(link, got.path)
            if local is None:
                return None
            path, query = local
            frag = urlsplit(link).fragment
            suffix = f"#{frag}" if frag else ""
            if path == "/":
                return relative_link(own_file, "index.html") + suffix
            if path in self.fetched:
                # A query (the synthesis page's ?hl= quote highlights) needs a server:
                # link the exported page itself, without the query and its anchor.
                return relative_link(own_file, file_for(path)) + ("" if query else suffix)
            counter[0] += 1
            return settings.SITE_URL + path + (f"?{query}" if query else "") + suffix

        if got.content_type == "text/css":
            css = got.body.decode("utf-8", "replace")
            css = _CSS_URL.sub(
                lambda m: f"url({m.group(1)}{target_for(m.group(2)) or m.group(2)}{m.group(1)})",
                css,
            )
            return css.encode("utf-8")

        def one(m: re.Match[str]) -> str:
            new = target_for(html.unescape(m.group(4)))
            if new is None:
                return m.group(0)
            return f"{m.group(1)}{m.group(2)}{m.group(3)}{html.escape(new)}{m.group(3)}"

        text = _LINK.sub(one, _OMIT.sub("", got.body.decode("utf-8")))
        self.live_links += counter[0]
        return text.encode("utf-8")

    def write(self, root: Path) -> ExportReport:
        pages = files = size = 0
        written: list[str] = []
        for path, got in sorted(self.fetched.items()):
            rel = file_for(path)
            data = (
                self.rewrite(got, rel)
                if got.content_type in ("text/html", "text/css")
                else got.body
            )
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            pages += got.content_type == "text/html"
            files += 1
            size += len(data)
            written.append(rel)
        hub = file_for(self.scope)
        index = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={hub}">'
            f"<title>{html.escape(self.slug)}</title></head>"
            f'<body><p><a href="{hub}">Go to the symposium</a></p></body></html>\n'
        ).encode()
        (root / "index.html").write_bytes(index)
        written.append("index.html")
        return ExportReport(
            slug=self.slug,
            directory=root,
            pages=pages,
            files=files + 1,
            bytes=size + len(index),
            live_links=self.live_links,
            paths=sorted(written),
        )


def _host() -> str:
    """A host name the site answers to, for the internal requests."""
    preferred = urlsplit(settings.SITE_URL).hostname or ""
    allowed = list(settings.ALLOWED_HOSTS)
    for host in [preferred, *allowed, "localhost"]:
        if host and not host.startswith(".") and host != "*" and validate_host(host, allowed):
            return host
    if "*" in allowed:
        return preferred or "localhost"
    raise ExportError(
        "no usable host name in SYMPOSIA_ALLOWED_HOSTS",
        "add the host of SYMPOSIA_SITE_URL to SYMPOSIA_ALLOWED_HOSTS",
    )


def _prepare_target(directory: Path, overwrite: bool) -> Path:
    target = directory.expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise InputError(f"{target} exists and is not a directory", "choose a directory path")
    if target.exists() and any(target.iterdir()) and not overwrite:
        raise InputError(
            f"{target} exists and is not empty",
            "choose a new directory or pass --overwrite to replace it",
        )
    if target == Path(target.anchor):
        raise InputError("refusing to export into the root directory", "choose a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def export_site(slug: str, directory: Path, *, overwrite: bool = False) -> ExportReport:
    """Write the public site of symposium ``slug`` as static files into ``directory``.

    Args:
        slug: The symposium.
        directory: Where to write; created. An existing non-empty directory is
            replaced only with ``overwrite``.
        overwrite: Replace an existing directory (atomically, by rename).

    Raises:
        NotFoundError: no public symposium has this slug.
        InputError: the directory is unusable.
        ExportError: a page linked from the site is broken.
    """
    try:
        services.get_symposium(slug)
    except Http404:
        raise NotFoundError(
            f"no public symposium called {slug!r}",
            "check the slug on the site's home page or load the demo with `symposia demo load`",
        ) from None
    target = _prepare_target(directory, overwrite)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.export-", dir=target.parent))
    try:
        exporter = _Exporter(slug)
        exporter.crawl()
        report = exporter.write(tmp)
        tmp.chmod(0o755)
        if target.exists():
            old = target.with_name(f".{target.name}.old-{tmp.name.rsplit('-', 1)[-1]}")
            target.rename(old)
            tmp.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report.directory = target
    return report
