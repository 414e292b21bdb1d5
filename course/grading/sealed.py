"""Graded labs whose solutions stay with the instructor: sealed in the repository, opened with a key.

A graded lab (`graded: true` in its header) is edited by the instructor as one full notebook, kept outside the
public tree in `instructor/` (git-ignored): `instructor/30_evaluation.py`, the lab with its `solution` cells and
`instructor` notes, and `instructor/30_evaluation_key.py`, the grading key (references, answers, rubric).
`seal` writes two files into `labs/`:

- `30_evaluation.py`, the student version: every `solution` cell's body becomes `# your code here`, every
  cell tagged `instructor` is dropped. It is what the public site and repository show.
- `30_evaluation.sealed`, both instructor files encrypted with Fernet (AES-128-CBC and HMAC-SHA256, from the
  `cryptography` package): readable only with the instructor's key.

`open` writes the two instructor files back from the sealed one, byte for byte. The key comes from the
COURSE_KEY environment variable (a GitHub secret in CI), or from the file named by COURSE_KEY_FILE (default
`~/.config/bigdata-course/key`), never from the repository.

    python -m course.grading keygen                # a new key: keep it safe, outside the repository
    python -m course.grading open labs/30_evaluation.py
    python -m course.grading seal labs/30_evaluation.py
"""

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTRUCTOR = ROOT / "instructor"  # git-ignored: opened labs, keys' scratch, executed solutions
KEY_VARIABLE, KEY_FILE_VARIABLE = "COURSE_KEY", "COURSE_KEY_FILE"
DEFAULT_KEY_FILE = Path.home() / ".config" / "bigdata-course" / "key"
MARKER = re.compile(r"^# %%(.*)$")
TAGS = re.compile(r"\btags=(\[[^\]]*\])")
PLACEHOLDER = "# your code here"
FORMAT = 1


class SealError(RuntimeError):
    """A graded lab cannot be opened or sealed: no key, a wrong key, or a student version out of date."""


@dataclass(frozen=True)
class Bundle:
    """What a sealed file holds: the full lab (percent text) and its grading key (Python source)."""

    lab: str
    key: str


def key_from_environment() -> bytes | None:
    """The instructor's key: COURSE_KEY, else the file COURSE_KEY_FILE (or the default), else None."""
    value = os.environ.get(KEY_VARIABLE, "").strip()
    if value:
        return value.encode()
    path = Path(os.environ.get(KEY_FILE_VARIABLE) or DEFAULT_KEY_FILE).expanduser()
    return path.read_text().strip().encode() if path.is_file() else None


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def sealed_path(public: Path) -> Path:
    return Path(public).with_suffix(".sealed")


def instructor_paths(public: Path, folder: Path = INSTRUCTOR) -> tuple:
    """(the full lab, its grading key) as the instructor edits them."""
    return folder / Path(public).name, folder / f"{Path(public).stem}_key.py"


def read_sealed(public: Path, key: bytes) -> Bundle:
    """Decrypt a graded lab's sealed file."""
    from cryptography.fernet import Fernet, InvalidToken

    path = sealed_path(public)
    if not path.is_file():
        raise SealError(f"{path} does not exist: seal the lab first (python -m course.grading seal {public})")
    try:
        data = json.loads(Fernet(key).decrypt(path.read_bytes()))
    except (InvalidToken, ValueError) as error:
        raise SealError(f"{path} cannot be opened with this key ({type(error).__name__}): is COURSE_KEY the "
                        f"instructor's key?") from None
    if data.get("format") != FORMAT:
        raise SealError(f"{path} has format {data.get('format')}, this tool reads format {FORMAT}")
    return Bundle(data["lab"], data["key"])


def write_sealed(public: Path, bundle: Bundle, key: bytes) -> bool:
    """Encrypt the bundle beside the public lab, unless the sealed file already holds exactly it (a Fernet
    token is new every time: resealing unchanged content would change the file for nothing). True if written."""
    from cryptography.fernet import Fernet

    path = sealed_path(public)
    try:
        if path.is_file() and read_sealed(public, key) == bundle:
            return False
    except SealError:
        pass
    payload = json.dumps({"format": FORMAT, "lab": bundle.lab, "key": bundle.key}, sort_keys=True).encode()
    path.write_bytes(Fernet(key).encrypt(payload) + b"\n")
    return True


def student_text(full: str) -> str:
    """The student version of a full lab's percent text: solution bodies replaced, instructor cells dropped;
    every other line exactly as written."""
    lines = full.splitlines(keepends=True)
    starts = [number for number, line in enumerate(lines) if MARKER.match(line.rstrip("\n"))] + [len(lines)]
    out = lines[:starts[0]]  # the header
    for start, end in zip(starts, starts[1:]):
        found = TAGS.search(MARKER.match(lines[start].rstrip("\n")).group(1))
        tags = json.loads(found.group(1)) if found else []
        cell = lines[start:end]
        if "instructor" in tags:
            continue
        if "solution" in tags:
            body_end = len(cell)
            while body_end > 1 and not cell[body_end - 1].strip():
                body_end -= 1  # the blank lines that separate it from the next cell stay
            cell = [cell[0], PLACEHOLDER + "\n", *cell[body_end:]]
        out += cell
    return "".join(out)


def seal(public: Path, key: bytes, folder: Path = INSTRUCTOR) -> list:
    """Seal the instructor's full lab and key into `labs/`; return the files written."""
    lab_path, key_path = instructor_paths(public, folder)
    missing = [str(path) for path in (lab_path, key_path) if not path.is_file()]
    if missing:
        raise SealError(f"nothing to seal: {', '.join(missing)} missing (python -m course.grading open {public})")
    bundle = Bundle(lab_path.read_text(encoding="utf-8"), key_path.read_text(encoding="utf-8"))
    written = [sealed_path(public)] if write_sealed(public, bundle, key) else []
    student = student_text(bundle.lab)
    if not Path(public).is_file() or Path(public).read_text(encoding="utf-8") != student:
        Path(public).write_text(student, encoding="utf-8")
        written.append(Path(public))
    return written


def open_lab(public: Path, key: bytes, folder: Path = INSTRUCTOR) -> list:
    """Write the full lab and its grading key into the instructor folder; return their paths."""
    bundle = read_sealed(public, key)
    folder.mkdir(parents=True, exist_ok=True)
    paths = instructor_paths(public, folder)
    for path, text in zip(paths, (bundle.lab, bundle.key)):
        path.write_text(text, encoding="utf-8")
    return list(paths)


def check_student_version(public: Path, bundle: Bundle) -> None:
    """Refuse a public lab that is not the student version of its sealed lab (a seal was forgotten)."""
    if Path(public).read_text(encoding="utf-8") != student_text(bundle.lab):
        raise SealError(f"{public} is not the student version of {sealed_path(public).name}: run "
                        f"`python -m course.grading seal {public}` after editing the opened lab")
