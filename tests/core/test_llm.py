"""The optional LLM backend against a real local HTTP server (127.0.0.1 only)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from symposia.core.llm import LLMClaimTyper, LLMClient, locate_quote
from symposia.core.synthesis import LLMSettings, SynthesisSettings, synthesize
from symposia.errors import ConfigError, SynthesisError

from .synth_fixtures import fictional_takes

Responder = Callable[[dict[str, Any]], Any]


class FakeServer:
    """An OpenAI-compatible chat-completions server answering from a Python function."""

    def __init__(self, responder: Responder) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                owner.requests.append(body)
                owner.headers.append(dict(self.headers))
                if self.path != "/v1/chat/completions":
                    self.send_response(404)
                    self.end_headers()
                    return
                answer = responder(body)
                if isinstance(answer, int):
                    self.send_response(answer)
                    self.end_headers()
                    return
                content = answer if isinstance(answer, str) else json.dumps(answer)
                payload = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": content}}]}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[[Responder], FakeServer]]:
    servers: list[FakeServer] = []

    def start(responder: Responder) -> FakeServer:
        server = FakeServer(responder)
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.close()


def _kind(body: dict[str, Any]) -> str:
    system = body["messages"][0]["content"]
    if "classify" in system:
        return "types"
    if "name the common subject" in system:
        return "label"
    return "brief"


def _smart(bad_quote: bool) -> Responder:
    """Types everything as assessment, labels 'River talks', and writes a brief."""
    takes = {t.id: t.text for t in fictional_takes()}

    def respond(body: dict[str, Any]) -> Any:
        kind = _kind(body)
        user = body["messages"][1]["content"]
        if kind == "types":
            n = len(user.splitlines())
            return {"types": [{"i": i + 1, "type": "assessment"} for i in range(n)]}
        if kind == "label":
            return {"label": "River talks"}
        real = "Everything hinges on the dry season water quota that Ostria wants raised."
        assert real in takes["tomas-oquendo"]
        quotes = [{"take": "tomas-oquendo", "text": real}]
        brief = f'Most experts see the quota as central: "{real}"'
        if bad_quote:
            quotes.append({"take": "ilsa-varn", "text": "The river will surely run dry forever."})
        return {"brief": brief, "quotes": quotes}

    return respond


def _settings(tmp_path: Path, url: str, **kw: Any) -> SynthesisSettings:
    llm = LLMSettings(enabled=True, base_url=url, model="fake-1", api_key="sekret", **kw)
    return SynthesisSettings(embedder="hashing", cache_dir=tmp_path / "c", llm=llm)


def test_llm_stages_are_used_and_quotes_verified(tmp_path: Path, serve: Any) -> None:
    server = serve(_smart(bad_quote=False))
    report = synthesize(fictional_takes(), _settings(tmp_path, server.url))
    assert all(t.label == "River talks" for t in report.themes)
    assert report.panel["claims"]["assessment"] == report.panel["sentences"]
    abstractive = report.brief.abstractive
    assert abstractive is not None and abstractive["model"] == "fake-1"
    [quote] = abstractive["quotes"]
    source = next(t.text for t in report.takes if t.id == quote.take)
    assert source[quote.start : quote.end] == quote.text
    assert server.headers[0]["Authorization"] == "Bearer sekret"
    assert all(r["temperature"] == 0 and r["model"] == "fake-1" for r in server.requests)
    data = report.to_json()
    assert "sekret" not in data


def test_non_verbatim_quote_from_the_llm_is_rejected(tmp_path: Path, serve: Any) -> None:
    server = serve(_smart(bad_quote=True))
    report = synthesize(fictional_takes(), _settings(tmp_path, server.url))
    abstractive = report.brief.abstractive
    assert abstractive is not None
    assert [q.text for q in abstractive["quotes"]] == [
        "Everything hinges on the dry season water quota that Ostria wants raised."
    ]
    notice = next(n for n in report.notices if n.code == "llm_quotes_rejected")
    assert "1 quote(s)" in notice.message
    assert "run dry forever" not in report.to_json()


def test_brief_quoting_invented_text_is_dropped(tmp_path: Path, serve: Any) -> None:
    def respond(body: dict[str, Any]) -> Any:
        if _kind(body) == "brief":
            return {"brief": 'One expert said "the river gods demand a treaty now".', "quotes": []}
        return 500

    server = serve(respond)
    settings = _settings(tmp_path, server.url, claim_types=False, labels=False)
    report = synthesize(fictional_takes(), settings)
    assert report.brief.abstractive is None
    assert any("dropped" in n.message for n in report.notices)


def test_garbage_answers_fall_back_to_the_rules(tmp_path: Path, serve: Any) -> None:
    def respond(body: dict[str, Any]) -> Any:
        if _kind(body) == "types":
            return {"types": [{"i": 1, "type": "prophecy"}, {"i": 999, "type": "prediction"}]}
        if _kind(body) == "label":
            return "not json at all"
        return {"brief": 42}

    server = serve(respond)
    report = synthesize(fictional_takes(), _settings(tmp_path, server.url))
    offline = synthesize(
        fictional_takes(), SynthesisSettings(embedder="hashing", cache_dir=tmp_path / "c")
    )
    assert report.panel["claims"] == offline.panel["claims"]
    assert [t.label for t in report.themes] == [t.label for t in offline.themes]
    codes = {n.code for n in report.notices}
    assert {"llm_claim_typer_fallback", "llm_labeler_fallback"} <= codes
    assert report.brief.abstractive is None


def test_http_error_is_a_clear_synthesis_error(tmp_path: Path, serve: Any) -> None:
    server = serve(lambda body: 401)
    client = LLMClient(LLMSettings(enabled=True, base_url=server.url, model="m"))
    with pytest.raises(SynthesisError, match="HTTP 401"):
        client.chat("s", "u")


def test_unreachable_server_is_a_clear_error() -> None:
    client = LLMClient(
        LLMSettings(enabled=True, base_url="http://127.0.0.1:9/v1", model="m", timeout=2)
    )
    with pytest.raises(SynthesisError, match="cannot reach"):
        client.chat("s", "u")


def test_missing_settings_name_the_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SYMPOSIA_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("SYMPOSIA_LLM_MODEL", raising=False)
    with pytest.raises(ConfigError, match="SYMPOSIA_LLM_BASE_URL"):
        LLMClient(LLMSettings(enabled=True))
    monkeypatch.setenv("SYMPOSIA_LLM_BASE_URL", "http://127.0.0.1:1/v1")
    with pytest.raises(ConfigError, match="SYMPOSIA_LLM_MODEL"):
        LLMClient(LLMSettings(enabled=True))
    monkeypatch.setenv("SYMPOSIA_LLM_MODEL", "m")
    assert LLMClient(LLMSettings(enabled=True)).model == "m"


def test_off_by_default_makes_no_request(tmp_path: Path, serve: Any) -> None:
    server = serve(_smart(bad_quote=False))
    settings = _settings(tmp_path, server.url)
    synthesize(fictional_takes(4), replace(settings, llm=replace(settings.llm, enabled=False)))
    assert server.requests == []


def test_claim_typer_batches(serve: Any) -> None:
    server = serve(_smart(bad_quote=False))
    typer = LLMClaimTyper(LLMSettings(enabled=True, base_url=server.url, model="m"), batch=3)
    kinds = typer.type_sentences([f"Sentence {i} about the dam." for i in range(7)])
    assert kinds == ["assessment"] * 7 and len(server.requests) == 3


def test_locate_quote_prefers_the_cited_take() -> None:
    synthesis_takes = synthesize(
        fictional_takes(4), SynthesisSettings(embedder="hashing", use_cache=False)
    ).takes
    text = "The regional basin council should mediate between Velmark and Ostria."
    q = locate_quote(text, "ilsa-varn", synthesis_takes)
    assert q is not None and q.take == "ilsa-varn" and q.text == text
    assert locate_quote("words nobody wrote", None, synthesis_takes) is None
    assert locate_quote("   ", None, synthesis_takes) is None
