"""``confman survey questions|forms|collect|status|results``: the JSON contracts scripts rely on."""

from __future__ import annotations

import json
import random
import shutil

from openpyxl import load_workbook

from confman.cli import run
from tests.integration.survey_support import FIXTURES, fill_form, make_units


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_whole_survey_from_the_command_line(capsys, sqlite_url, db, make_event, make_delegate, tmp_path):
    ev = make_event()
    make_units(ev.id, make_delegate)
    code, out, _ = _run(capsys, "--db", sqlite_url, "survey", "questions", str(FIXTURES / "questionnaire_vi.xlsx"),
                        "--json")
    assert code == 0 and json.loads(out) == {"questions": 7}

    code, out, _ = _run(capsys, "--db", sqlite_url, "survey", "forms", str(tmp_path / "forms"))
    assert code == 0 and "60" in out
    files = sorted((tmp_path / "forms").glob("*.xlsx"))
    assert len(files) == 60
    code, _, _ = _run(capsys, "--db", sqlite_url, "survey", "forms", str(tmp_path / "pdf"), "--pdf")
    assert code == 0 and len(list((tmp_path / "pdf").glob("*.pdf"))) == 60

    rng = random.Random(5)
    for path in files[:3]:
        fill_form(path, rng)
    renamed = tmp_path / "reply.xlsx"
    shutil.copyfile(files[0], renamed)
    broken = tmp_path / "broken.xlsx"
    wb = load_workbook(files[1])
    wb["_confman"]["A2"] = "8" + "1" * 20
    wb.save(broken)
    code, out, _ = _run(capsys, "--db", sqlite_url, "survey", "collect", str(renamed), str(files[2]), str(broken),
                        "--json")
    payload = json.loads(out)
    assert code == 0
    assert set(payload) == {"files", "responses"}
    assert payload["responses"] == 2
    assert [set(f) for f in payload["files"]] == [{"file", "unit", "responses", "rejected"}] * 3
    assert [(f["file"], f["unit"], f["responses"]) for f in payload["files"]] == [
        ("reply.xlsx", files[0].stem, 1), (files[2].name, files[2].stem, 1), ("broken.xlsx", None, 0)]
    assert payload["files"][2]["rejected"] == [{"where": "broken.xlsx", "reason": (
        "Mã nhận dạng của phiếu broken.xlsx đã bị sửa hoặc hỏng; phiếu bị từ chối, không ghi nhận gì.")}]

    code, out, _ = _run(capsys, "--db", sqlite_url, "survey", "status", "--json")
    status = json.loads(out)
    assert set(status) == {"invited", "responded", "pending"}
    assert (status["invited"], status["responded"], len(status["pending"])) == (60, 2, 58)
    assert files[0].stem not in status["pending"] and files[1].stem in status["pending"]

    code, out, _ = _run(capsys, "--db", sqlite_url, "survey", "results", "--json")
    results = json.loads(out)
    assert code == 0 and set(results) == {"responses", "questions"} and results["responses"] == 2
    assert [q["code"] for q in results["questions"]] == ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]
    for q in results["questions"]:
        assert set(q) == {"code", "type", "answered", "options", "mean", "median", "texts"}
    c1, c3 = results["questions"][0], results["questions"][2]
    assert set(c1["options"]) == {"Có", "Không", "Đang thành lập"} and sum(c1["options"].values()) == c1["answered"]
    assert set(c3["options"]) == {"1", "2", "3", "4", "5"} and c3["mean"] is not None
    c4 = results["questions"][3]  # a number: its distribution, in bins
    assert c4["type"] == "number" and c4["answered"] > 0
    assert c4["options"] and sum(c4["options"].values()) == c4["answered"]
    assert all(set(x) == {"unit", "text"} for x in results["questions"][5]["texts"])

    code, out, _ = _run(capsys, "--db", sqlite_url, "survey", "results", str(tmp_path / "r.pdf"), "--lang", "en")
    assert code == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    code, out, _ = _run(capsys, "--db", sqlite_url, "survey", "results", str(tmp_path / "png"))
    assert code == 0 and len(list((tmp_path / "png").glob("*.png"))) == 5
    code, _, err = _run(capsys, "--db", sqlite_url, "survey", "results")
    assert code == 2 and "--json" in err
