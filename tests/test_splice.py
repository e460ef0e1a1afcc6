"""A large file written piece by piece: a rebuild copies unchanged pieces from the previous version, and the file
is exactly what writing every piece anew would give."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narkomindel.splice import write_pieces

# Each key stands for fixed bytes, as a piece's key stands for everything its bytes are made from.
KEYS = [f"k{number}" for number in range(12)]
BYTES = {key: (key * (number % 4)).encode() + "é\n".encode() * number for number, key in enumerate(KEYS)}


def pieces(keys: list[str], made: list[str]):
    return [(key, lambda key=key: made.append(key) or BYTES[key]) for key in keys]


def expected(keys: list[str]) -> bytes:
    return b"".join(BYTES[key] for key in keys)


def test_without_a_previous_file_every_piece_is_made_in_order(tmp_path):
    made: list[str] = []
    layout = write_pieces(tmp_path / "whole", pieces(["k3", "k1", "k3"], made))
    assert (tmp_path / "whole").read_bytes() == expected(["k3", "k1", "k3"])
    assert made == ["k3", "k1", "k3"]
    assert layout == [["k3", len(BYTES["k3"])], ["k1", len(BYTES["k1"])], ["k3", len(BYTES["k3"])]]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(KEYS), max_size=10), st.lists(st.sampled_from(KEYS), max_size=10))
def test_a_rewrite_equals_the_pieces_written_anew_and_makes_only_the_new_ones(tmp_path_factory, before, after):
    folder = tmp_path_factory.mktemp("splice")
    layout = write_pieces(folder / "old", pieces(before, []))
    made: list[str] = []
    new_layout = write_pieces(folder / "new", pieces(after, made), folder / "old", layout)
    assert (folder / "new").read_bytes() == expected(after)
    assert (folder / "old").read_bytes() == expected(before)  # read, never written
    assert made == [key for key in after if key not in before]
    assert new_layout == [[key, len(BYTES[key])] for key in after]


def test_a_previous_file_that_does_not_fit_its_layout_is_not_copied_from(tmp_path):
    """Replaced, or cut short, since its layout was recorded: every piece is made anew."""
    layout = write_pieces(tmp_path / "old", pieces(["k1", "k2"], []))
    (tmp_path / "old").write_bytes(expected(["k1", "k2"]) + b"!")
    made: list[str] = []
    write_pieces(tmp_path / "new", pieces(["k2", "k1"], made), tmp_path / "old", layout)
    assert made == ["k2", "k1"]
    assert (tmp_path / "new").read_bytes() == expected(["k2", "k1"])


@pytest.mark.parametrize("layout", [None, [], "k1", [["k1"]], [["k1", -1]], [[1, 2]], [["k1", "2"]], {"k1": 2}])
def test_a_damaged_layout_only_costs_the_making_of_every_piece(tmp_path, layout):
    write_pieces(tmp_path / "old", pieces(["k1", "k2"], []))
    made: list[str] = []
    write_pieces(tmp_path / "new", pieces(["k1", "k2"], made), tmp_path / "old", layout)
    assert made == ["k1", "k2"]
    assert (tmp_path / "new").read_bytes() == expected(["k1", "k2"])


def test_where_the_kernel_cannot_copy_between_the_files_they_are_copied_by_reading(tmp_path, monkeypatch):
    def refuse(*_args):
        raise OSError(errno.EXDEV, "cross-device")

    layout = write_pieces(tmp_path / "old", pieces(KEYS, []))
    monkeypatch.setattr(os, "copy_file_range", refuse)
    made: list[str] = []
    write_pieces(tmp_path / "new", pieces(["k0", "k5", "k6", "k7", "k2"], made), tmp_path / "old", layout)
    assert made == []
    assert (tmp_path / "new").read_bytes() == expected(["k0", "k5", "k6", "k7", "k2"])


def test_a_previous_file_cut_short_while_it_is_copied_stops_the_build(tmp_path, monkeypatch):
    """The layout fitted when the copying began; a copy that finds nothing more must not loop or write less."""
    layout = write_pieces(tmp_path / "old", pieces(["k5", "k6"], []))
    monkeypatch.setattr(os, "copy_file_range", lambda *_args: 0)
    with pytest.raises(OSError, match="cut short"):
        write_pieces(tmp_path / "new", pieces(["k5", "k6"], []), tmp_path / "old", layout)


def test_runs_of_pieces_are_copied_in_one_call_each(tmp_path, monkeypatch):
    """A rebuild after one document changed copies the pieces before it and after it: two copies, not one per
    piece (tens of thousands of calls in a large edition)."""
    layout = write_pieces(tmp_path / "old", pieces(KEYS, []))
    calls: list[int] = []
    real = os.copy_file_range

    def counted(*args):
        calls.append(args[2])
        return real(*args)

    monkeypatch.setattr(os, "copy_file_range", counted)
    changed = [*KEYS[:5], "new", *KEYS[6:]]
    BYTES["new"] = b"changed\n"
    try:
        write_pieces(tmp_path / "new", pieces(changed, []), tmp_path / "old", layout)
        assert (tmp_path / "new").read_bytes() == expected(changed)
    finally:
        del BYTES["new"]
    assert calls == [len(expected(KEYS[:5])), len(expected(KEYS[6:]))]
