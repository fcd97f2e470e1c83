"""Optional LLM backend: any OpenAI-compatible chat-completions server.

Off by default. When enabled (``SynthesisSettings.llm.enabled``) it can type
claims, label themes and write a short abstractive brief. Settings come from
:class:`~symposia.core.synthesis.LLMSettings` or the environment
(``SYMPOSIA_LLM_BASE_URL``, ``SYMPOSIA_LLM_MODEL``, ``SYMPOSIA_LLM_API_KEY``).
It talks HTTP with :mod:`urllib` from the standard library.

Nothing the model says is trusted as a quote: every quote it returns is
looked up verbatim in the takes and rejected when it is not there, and a
brief whose own quotation marks enclose text that is not in any take is
rejected whole. An answer that cannot be used falls back to the offline
stage for that item, and the report's notices say how many were rejected.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from symposia.core.claims import CLAIM_TYPES, RuleClaimTyper
from symposia.core.report import Quote, TakeRecord
from symposia.core.themes import CtfidfLabeler
from symposia.errors import ConfigError, SynthesisError

if TYPE_CHECKING:
    from symposia.core.synthesis import LLMSettings

ENV_BASE_URL = "SYMPOSIA_LLM_BASE_URL"
ENV_MODEL = "SYMPOSIA_LLM_MODEL"
ENV_API_KEY = "SYMPOSIA_LLM_API_KEY"


class LLMClient:
    """A minimal client for ``POST {base_url}/chat/completions``.

    Raises:
        ConfigError: when the base URL or model is not set.
    """

    def __init__(self, settings: LLMSettings) -> None:
        self.base_url = (settings.base_url or os.environ.get(ENV_BASE_URL, "")).rstrip("/")
        self.model = settings.model or os.environ.get(ENV_MODEL, "")
        self._key = settings.api_key or os.environ.get(ENV_API_KEY, "")
        self.timeout = settings.timeout
        if not self.base_url:
            raise ConfigError(
                "the LLM backend is enabled but has no base URL",
                f"set {ENV_BASE_URL} (e.g. http://127.0.0.1:8000/v1) or turn the backend off",
            )
        if not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"the LLM base URL {self.base_url!r} is not an http(s) URL",
                f"set {ENV_BASE_URL} to something like https://host/v1",
            )
        if not self.model:
            raise ConfigError(
                "the LLM backend is enabled but has no model name",
                f"set {ENV_MODEL} or the llm.model setting",
            )
        self.calls = 0

    def chat(self, system: str, user: str) -> str:
        """One chat completion at temperature 0; returns the message content.

        Raises:
            SynthesisError: on a network error, an HTTP error or a malformed answer.
        """
        body = json.dumps(
            {
                "model": self.model,
                "temperature": 0,
                "seed": 0,
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
            }
        ).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        request = urllib.request.Request(
            f"{self.base_url}/chat/completions", data=body, headers=headers, method="POST"
        )
        self.calls += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                payload = json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise SynthesisError(
                f"the LLM server at {self.base_url} answered HTTP {exc.code}",
                f"check {ENV_MODEL} and {ENV_API_KEY}, or turn the LLM backend off",
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SynthesisError(
                f"cannot reach the LLM server at {self.base_url}: {reason}",
                f"check {ENV_BASE_URL}, or turn the LLM backend off",
            ) from exc
        except json.JSONDecodeError as exc:
            raise SynthesisError(
                f"the LLM server at {self.base_url} did not answer JSON",
                "check that it is an OpenAI-compatible chat-completions endpoint",
            ) from exc
        try:
            return str(payload["choices"][0]["message"]["content"])
        except (KeyError, IndexError, TypeError) as exc:
            raise SynthesisError(
                f"the LLM server at {self.base_url} answered without choices[0].message.content",
                "check that it is an OpenAI-compatible chat-completions endpoint",
            ) from exc

    def chat_json(self, system: str, user: str) -> Any:
        """A chat completion parsed as JSON (code fences allowed); ``None`` if unparseable."""
        content = self.chat(system, user).strip()
        fenced = re.match(r"^```(?:json)?\s*(.*?)\s*```$", content, re.DOTALL)
        if fenced:
            content = fenced.group(1)
        try:
            return json.loads(content)
        except json.JSONDecodeError:
            return None


_TYPE_SYSTEM = (
    "You classify sentences from expert commentary. Types: prediction (what will happen), "
    "recommendation (what someone should do), best_case, worst_case (explicit scenarios), "
    "factor (a driver that will shape the outcome), uncertainty (what cannot be known), "
    "assessment (a judgement of the present or past). Answer JSON only: "
    '{"types": [{"i": <number>, "type": "<type>"}, ...]} with one entry per sentence.'
)


class LLMClaimTyper:
    """Claim typing by the LLM ("llm"), falling back to the rules per sentence."""

    name = "llm"
    version = "1"

    def __init__(self, settings: LLMSettings, batch: int = 40) -> None:
        self.client = LLMClient(settings)
        self.batch = batch
        self.fallback = RuleClaimTyper()
        self.rejected = 0

    def type_sentences(
        self, sentences: Sequence[str], paragraph_starts: Sequence[bool] | None = None
    ) -> list[str]:
        """Types from the LLM; any missing or unknown answer uses the rules."""
        out = self.fallback.type_sentences(sentences, paragraph_starts)
        for b0 in range(0, len(sentences), self.batch):
            chunk = sentences[b0 : b0 + self.batch]
            user = "\n".join(f"{i + 1}. {s}" for i, s in enumerate(chunk))
            answer = self.client.chat_json(_TYPE_SYSTEM, user)
            entries = answer.get("types") if isinstance(answer, dict) else None
            got: dict[int, str] = {}
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict):
                    continue
                i, kind = entry.get("i"), entry.get("type")
                if isinstance(i, int) and 1 <= i <= len(chunk) and kind in CLAIM_TYPES:
                    got[i - 1] = str(kind)
            self.rejected += len(chunk) - len(got)
            for i, kind in got.items():
                out[b0 + i] = kind
        return out

    def describe(self) -> dict[str, Any]:
        """Record entry (the model name, never the key)."""
        return {"name": self.name, "version": self.version, "model": self.client.model}


_LABEL_SYSTEM = (
    "You name the common subject of a group of sentences from expert commentary in at most "
    'six words. Answer JSON only: {"label": "<label>"}.'
)


class LLMLabeler:
    """Theme labels by the LLM ("llm"); key phrases still come from c-TF-IDF."""

    name = "llm"
    version = "1"

    def __init__(self, settings: LLMSettings, sample: int = 8) -> None:
        self.client = LLMClient(settings)
        self.sample = sample
        self.fallback = CtfidfLabeler()
        self.rejected = 0

    def label(
        self, clusters: Sequence[Sequence[str]], background: Sequence[str] = ()
    ) -> list[tuple[str, list[str]]]:
        """A short LLM label per cluster, c-TF-IDF key phrases; falls back per cluster."""
        base = self.fallback.label(clusters, background)
        out: list[tuple[str, list[str]]] = []
        for docs, (fallback_label, keys) in zip(clusters, base, strict=True):
            user = "\n".join(f"- {d}" for d in list(docs)[: self.sample])
            answer = self.client.chat_json(_LABEL_SYSTEM, user)
            label = answer.get("label") if isinstance(answer, dict) else None
            if isinstance(label, str) and 0 < len(label.split()) <= 8 and len(label) <= 80:
                out.append((" ".join(label.split()), keys))
            else:
                self.rejected += 1
                out.append((fallback_label, keys))
        return out

    def describe(self) -> dict[str, Any]:
        """Record entry (the model name, never the key)."""
        return {"name": self.name, "version": self.version, "model": self.client.model}


def locate_quote(text: str, take_id: str | None, takes: Sequence[TakeRecord]) -> Quote | None:
    """Find ``text`` verbatim in the cited take (or, failing that, any take).

    Returns:
        A :class:`Quote` with offsets, or ``None`` when the text is in no take.
    """
    if not text or not text.strip():
        return None
    ordered = sorted(takes, key=lambda t: t.id != take_id)
    for take in ordered:
        at = take.text.find(text)
        if at >= 0:
            return Quote(take.id, take.expert.id, take.expert.name, text, at, at + len(text))
    return None


_BRIEF_SYSTEM = (
    "You write a neutral brief (at most 150 words) of what a panel of experts said, from the "
    "themes, counts and quotes given. Quote only text given to you, word for word, in "
    "double quotation marks. Answer JSON only: "
    '{"brief": "<text>", "quotes": [{"take": "<take id>", "text": "<exact quote>"}]}.'
)
_QUOTED = re.compile(r"[“\"]([^”\"]{8,})[”\"]")


def abstractive_brief(
    settings: LLMSettings, takes: Sequence[TakeRecord], facts: str
) -> tuple[dict[str, Any] | None, list[str]]:
    """Ask the LLM for a brief and verify every quote in it.

    Args:
        settings: The LLM settings.
        takes: The report's takes (quotes are checked against their text).
        facts: The computed themes, counts and quotes, as plain text.

    Returns:
        ``({"text", "quotes", "model"}, rejected quotes)``; the brief is
        ``None`` when the answer is unusable or quotes text that no take has.
    """
    client = LLMClient(settings)
    answer = client.chat_json(_BRIEF_SYSTEM, facts)
    if not isinstance(answer, dict) or not isinstance(answer.get("brief"), str):
        return None, []
    rejected: list[str] = []
    quotes: list[Quote] = []
    for entry in answer.get("quotes") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            continue
        take_id = entry.get("take") if isinstance(entry.get("take"), str) else None
        found = locate_quote(entry["text"], take_id, takes)
        if found is None:
            rejected.append(entry["text"])
        else:
            quotes.append(found)
    brief = answer["brief"].strip()
    for inner in _QUOTED.findall(brief):
        if locate_quote(inner, None, takes) is None:
            rejected.append(inner)
            return None, sorted(set(rejected))
    return {"text": brief, "quotes": quotes, "model": client.model}, rejected
