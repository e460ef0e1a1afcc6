"""The table of planted bugs (tests/mutation/plant.py) follows the code it mutates: each mutant's text occurs once
in its file, so that the slow mutation run never silently plants nothing. Changing a mutated line means updating
its mutant."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("plant", ROOT / "tests" / "mutation" / "plant.py")
plant = importlib.util.module_from_spec(SPEC)
sys.modules["plant"] = plant  # dataclasses look their module up there
SPEC.loader.exec_module(plant)


@pytest.mark.parametrize("mutant", plant.MUTANTS, ids=lambda m: m.name)
def test_each_mutant_changes_exactly_one_place(mutant):
    text = (ROOT / mutant.file).read_text(encoding="utf-8")
    assert text.count(mutant.old) == 1, f"{mutant.name}: update its text in tests/mutation/plant.py"
    assert mutant.old != mutant.new
    assert plant.test_files(ROOT, mutant.tests), f"{mutant.name}: none of its test files exists"


def test_mutant_names_are_unique():
    names = [m.name for m in plant.MUTANTS]
    assert len(names) == len(set(names))


def test_the_mutation_script_is_not_collected_as_tests():
    assert not list((ROOT / "tests" / "mutation").glob("test_*.py"))
    assert not list((ROOT / "tests" / "mutation").glob("*_test.py"))
