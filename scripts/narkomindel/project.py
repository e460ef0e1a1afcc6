"""Where the edition's parts lie. An edition is a folder holding `tei/edition.xml`; it is found as git finds a
repository (the working directory or its nearest parent holding one), or named with --project. The schema and
stylesheets are the edition's own `schema/` and `xslt/` when it has them (this project's checkout does), otherwise
the copies shipped inside the installed package, so that an installed `narkomindel` works for any edition."""

from __future__ import annotations

from dataclasses import dataclass
import importlib.util
from importlib import resources
from pathlib import Path

EDITION_HEADER = Path("tei") / "edition.xml"
# The packages under which the wheel ships schema/ and xslt/ (see [tool.setuptools] in pyproject.toml).
SCHEMA_PACKAGE = "narkomindel._schema"
XSLT_PACKAGE = "narkomindel._xslt"


class NoProject(Exception):
    """No edition was found where the command looked: a usage error, with what to do."""


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def tei(self) -> Path:
        return self.root / "tei"

    @property
    def schema(self) -> Path:
        own = self.root / "schema"
        return own if (own / "narkomindel.rng").is_file() else packaged(SCHEMA_PACKAGE)

    @property
    def xslt(self) -> Path:
        own = self.root / "xslt"
        return own if (own / "common.xsl").is_file() else packaged(XSLT_PACKAGE)


CHECKOUT = Path(__file__).resolve().parents[2]
CHECKOUT_FOLDERS = {SCHEMA_PACKAGE: CHECKOUT / "schema", XSLT_PACKAGE: CHECKOUT / "xslt"}


def packaged(package: str) -> Path:
    """The folder of data shipped with the package: in this project's checkout (an editable install) the
    top-level folder itself, otherwise the copy inside the installed wheel. The data packages have no
    __init__.py (they are plain folders of the repository), so importlib sees them as namespace packages, whose
    resources are a folder list rather than one path."""
    in_checkout = CHECKOUT_FOLDERS[package]
    if (CHECKOUT / "pyproject.toml").is_file() and in_checkout.is_dir():
        return in_checkout
    try:
        folder = resources.files(package)
    except ModuleNotFoundError as exc:
        raise NoProject(f"the installed package lacks its {package} data; reinstall narkomindel from its "
                        "wheel") from exc
    if isinstance(folder, Path):
        return folder
    spec = importlib.util.find_spec(package)
    for location in (spec.submodule_search_locations or []) if spec else []:
        if Path(location).is_dir():
            return Path(location)
    raise NoProject(f"the package's {package} data is not a folder on disk; install narkomindel from its wheel")


def find_project(start: Path) -> Project | None:
    """The edition holding `start`: `start` itself or its nearest parent with tei/edition.xml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / EDITION_HEADER).is_file():
            return Project(folder)
    return None


def project_at(folder: Path) -> Project:
    """The edition named with --project: it must hold tei/edition.xml."""
    if not (folder / EDITION_HEADER).is_file():
        raise NoProject(f"{folder}: not an edition (there is no {EDITION_HEADER} in it); give the folder that "
                        "holds tei/ and tei/edition.xml")
    return Project(folder.resolve())


def default_project() -> Project:
    """The edition around the working directory."""
    found = find_project(Path.cwd())
    if found is None:
        raise NoProject(f"no edition here: neither {Path.cwd()} nor a folder above it holds {EDITION_HEADER}; "
                        "change into the edition's folder or give --project DIR")
    return found


def packaged_schema() -> Path:
    """The schema for files validated outside any edition (named paths with no tei/edition.xml above them)."""
    return packaged(SCHEMA_PACKAGE)
