"""The command line's own words (usage, section titles, argument errors) come from the catalog."""

from __future__ import annotations

import argparse
import inspect

import pytest

from confman.cli import run
from confman.cli.argparse_text import MESSAGES, PLURALS
from confman.i18n import LANGUAGES, has_message


def _exit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        run(list(argv))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def test_a_missing_argument_is_reported_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _exit(capsys, "badges")
    assert code == 2 and out == ""
    assert err.startswith("cách dùng: confman badges")
    assert err.rstrip().endswith("confman badges: lỗi: thiếu tham số bắt buộc: OUT.pdf|code|calibration")
    assert "usage" not in err and "error" not in err


def test_a_wrong_choice_names_the_choices_in_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _exit(capsys, "report", "nosuch", "x.pdf")
    assert code == 2
    assert "confman report: lỗi: tham số NAME: giá trị không có trong danh sách: 'nosuch' (chọn một trong: 'signin'" in err
    code, _out, err = _exit(capsys, "--lang", "en", "report", "nosuch", "x.pdf")
    assert "confman report: error: argument NAME: invalid choice: 'nosuch' (choose from 'signin'" in err


def test_help_is_in_the_language_given_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _exit(capsys, "report", "--help")
    assert code == 0
    assert out.startswith("cách dùng: confman report NAME")
    assert "\ntham số:\n" in out and "\ntùy chọn:\n" in out and "Hiện hướng dẫn này rồi thoát" in out
    assert "Ngôn ngữ của tài liệu" in out
    code, out, _ = _exit(capsys, "--lang", "en", "report", "--help")
    assert out.startswith("usage: confman report NAME")
    assert "\npositional arguments:\n" in out and "Show this help message and exit" in out
    assert "Ngôn ngữ" not in out and "Tên báo cáo" not in out
    code, out, _ = _exit(capsys, "--help")
    assert "Hiện số phiên bản rồi thoát" in out


def test_a_command_s_own_lang_option_is_not_the_interface_language(capsys: pytest.CaptureFixture[str]) -> None:
    """``report … --lang en`` asks for an English document; the command line stays Vietnamese."""
    code, _out, err = _exit(capsys, "report", "nosuch", "x.pdf", "--lang", "en")
    assert code == 2 and "lỗi:" in err


def test_a_count_of_values_reads_naturally(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="p", exit_on_error=False)
    parser.add_argument("--pair", nargs=2)
    parser.add_argument("--one", nargs=1)
    from confman.cli.argparse_text import translate_argparse
    from confman.i18n import current_language, set_language

    translate_argparse()
    before = current_language()
    try:
        set_language("en")
        with pytest.raises(argparse.ArgumentError, match="expected 2 arguments"):
            parser.parse_args(["--pair", "a"])
        with pytest.raises(argparse.ArgumentError, match=r"expected 1 argument$"):
            parser.parse_args(["--one"])
        set_language("vi")
        with pytest.raises(argparse.ArgumentError, match="cần 2 giá trị"):
            parser.parse_args(["--pair", "a"])
    finally:
        set_language(before)


def test_every_mapped_message_is_argparse_s_own_and_translated() -> None:
    source = inspect.getsource(argparse)
    for message, key in MESSAGES.items():
        assert repr(message) in source or f'"{message}"' in source, message
        assert all(has_message(key, lang) for lang in LANGUAGES), key
    for (singular, plural), key in PLURALS.items():
        assert repr(singular) in source and repr(plural) in source
        assert all(has_message(k, lang) for k in (key, f"{key}_one") for lang in LANGUAGES), key
