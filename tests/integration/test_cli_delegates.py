"""``confman delegates list|add`` through the real command line runner and a SQLite file."""

from __future__ import annotations

import json

LIST_KEYS = {"id", "full_name", "honorific", "position", "organization", "category", "phone", "email", "status",
             "badge_printed", "checked_in", "contact_issues"}




def test_add_then_list_json_has_the_exact_contract_in_vietnamese_order(cli):
    for name, org, extra in (("Đặng Thu Hà", "Đài Truyền hình Việt Nam", ["--category", "BC"]),
                             ("Nguyễn Văn Đức", "Sở TT&TT Đà Nẵng", ["--phone", "+84 912 345 678", "--honorific", "Ông"]),
                             ("Trần Thị An", "Bộ Ngoại giao", ["--email", "An@Mofa.gov.vn", "--position", "Vụ trưởng"]),
                             ("Lê Minh Anh", "Báo Nhân Dân", ["--category", "vip"])):
        code, out, _err = cli("delegates", "add", "--name", name, "--org", org, *extra, "--json")
        assert code == 0
        added = json.loads(out)
        assert set(added) == LIST_KEYS and added["full_name"] == name

    code, out, _err = cli("delegates", "list", "--json")
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {"total", "delegates"} and payload["total"] == 4
    assert [d["full_name"] for d in payload["delegates"]] == ["Trần Thị An", "Lê Minh Anh", "Nguyễn Văn Đức",
                                                            "Đặng Thu Hà"]
    first = payload["delegates"][0]
    assert all(set(d) == LIST_KEYS for d in payload["delegates"])
    assert first == {"id": first["id"], "full_name": "Trần Thị An", "honorific": "", "position": "Vụ trưởng",
                     "organization": "Bộ Ngoại giao", "category": "", "phone": "", "email": "an@mofa.gov.vn",
                     "status": "registered", "badge_printed": False, "checked_in": False, "contact_issues": []}
    assert isinstance(first["id"], int)
    duc = payload["delegates"][2]
    assert duc["phone"] == "0912345678" and duc["honorific"] == "Ông"
    assert payload["delegates"][1]["category"] == "Đại biểu VIP"  # the Vietnamese label


def test_list_search_and_category_filter_keep_the_total(cli):
    cli("delegates", "add", "--name", "Nguyễn Văn Đức", "--org", "Sở TT&TT Đà Nẵng", "--category", "DB")
    cli("delegates", "add", "--name", "Đặng Thu Hà", "--org", "VTV", "--category", "BC")
    code, out, _ = cli("delegates", "list", "--search", "dang", "--json")
    payload = json.loads(out)
    assert code == 0 and payload["total"] == 2 and [d["full_name"] for d in payload["delegates"]] == ["Đặng Thu Hà"]
    code, out, _ = cli("delegates", "list", "--category", "db", "--json")
    assert [d["full_name"] for d in json.loads(out)["delegates"]] == ["Nguyễn Văn Đức"]
    code, out, _ = cli("delegates", "list", "--search", "tttt da nang")
    assert code == 0 and "Nguyễn Văn Đức" in out and "1 / 2" in out


def test_errors_are_translated_sentences_with_exit_code_2(cli):
    code, out, err = cli("delegates", "add", "--name", "   ", "--org", "X")
    assert code == 2 and out == "" and "Cần nhập họ và tên" in err
    code, _, err = cli("--lang", "en", "delegates", "add", "--name", "A" * 500)
    assert code == 2 and "The field Full name is 500 characters long" in err and "300" in err
    code, _, err = cli("delegates", "list", "--category", "NOPE")
    assert code == 2 and "NOPE" in err


def test_add_warns_about_a_likely_duplicate_but_adds(cli):
    cli("delegates", "add", "--name", "Nguyễn Văn Đức", "--phone", "0912345678")
    code, out, err = cli("delegates", "add", "--name", "Nguyen Van Duc 2", "--phone", "0912 345 678")
    assert code == 0 and "Nguyễn Văn Đức" in err
    _, out, _ = cli("delegates", "list", "--json")
    assert json.loads(out)["total"] == 2


def test_hostile_text_round_trips_literally(cli):
    hostile = "=cmd|' /C calc'!A0 <b>&"
    code, out, _ = cli("delegates", "add", "--name", hostile, "--org", "<b>&", "--position", "@SUM(1)", "--json")
    assert code == 0
    _, out, _ = cli("delegates", "list", "--json")
    row = json.loads(out)["delegates"][0]
    assert (row["full_name"], row["organization"], row["position"]) == (hostile, "<b>&", "@SUM(1)")


def _stored(db, delegate_id: int) -> tuple[str, str, str, str, str, str]:
    from confman.core.registration.models import Delegate

    with db.session() as session:
        d = session.get(Delegate, delegate_id)
        return d.phone, d.email, d.phone_issue, d.phone_issue_value, d.email_issue, d.email_issue_value


def test_add_keeps_a_delegate_with_a_mistyped_phone_and_email_flagged_to_check(cli, db):
    cli("delegates", "add", "--name", "Trần Thị An", "--phone", "0912345678")
    code, out, err = cli("delegates", "add", "--name", "Nguyễn Văn Đức", "--org", "Sở TT&TT Đà Nẵng",
                         "--phone", "0912 34", "--email", "duc@@danang", "--json")
    assert code == 0, err
    added = json.loads(out)  # stdout stays valid JSON: the warnings go to stderr
    assert (added["full_name"], added["phone"], added["email"]) == ("Nguyễn Văn Đức", "", "")
    assert [(i["field"], i["code"], i["value"]) for i in added["contact_issues"]] == [
        ("phone", "phone.invalid", "0912 34"), ("email", "email.invalid", "duc@@danang")]
    assert _stored(db, added["id"]) == ("", "", "phone.invalid", "0912 34", "email.invalid", "duc@@danang")
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Cảnh báo: Điện thoại \"0912 34\" không hợp lệ") and f"đại biểu {added['id']}" in lines[0]
    assert "Email \"duc@@danang\"" in lines[1] and "Liên hệ cần kiểm tra" in lines[1]

    code, out, _ = cli("delegates", "list", "--needs-check")
    assert code == 0 and "Nguyễn Văn Đức" in out and "0912 34" in out and "Trần Thị An" not in out
    assert "1 / 2" in out
    code, out, _ = cli("delegates", "list", "--needs-check", "--json")
    assert [d["full_name"] for d in json.loads(out)["delegates"]] == ["Nguyễn Văn Đức"]


def test_add_contact_warning_in_english_names_the_field_and_value(cli, db):
    code, out, err = cli("--lang", "en", "delegates", "add", "--name", "Lê Minh Anh", "--phone", "09abc12345")
    assert code == 0 and "Added delegate" in out
    assert err.startswith("Warning: Phone \"09abc12345\" contains letters") and "Contact needs checking" in err
    delegate_id = int(out.split(":")[0].split()[-1])
    assert _stored(db, delegate_id) == ("", "", "phone.letters", "09abc12345", "", "")


def test_add_with_a_bad_contact_still_refuses_an_empty_name_and_writes_nothing(cli, db):
    code, out, err = cli("delegates", "add", "--name", "  ", "--phone", "0912 34")
    assert code == 2 and out == "" and "Cần nhập họ và tên" in err and "0912 34" not in err
    _, out, _ = cli("delegates", "list", "--json")
    assert json.loads(out)["total"] == 0
