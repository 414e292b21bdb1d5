"""Graded labs in the build. The site only ever gets the student notebook, made from the public source. With the
instructor's key, the full lab (sealed beside it) is executed too, so its solutions never rot, and its executed
solution goes to the instructor folder, never into the site. Without the key the rest of the site builds."""

from dataclasses import replace
from pathlib import Path

from course.grading import sealed
from slidebuild import config
from slidebuild.errors import SourceError
from slidebuild.read import Deck, read_deck

NO_KEY = ("graded labs: their solutions were not executed (no instructor key: set COURSE_KEY or COURSE_KEY_FILE); "
          "the site gets their student notebooks")


def is_graded(deck: Deck) -> bool:
    return deck.kind == "labs" and deck.header.graded


def full_deck(public: Deck, key: bytes) -> Deck:
    """The sealed full lab behind a public (student) source, checked to match it."""
    try:
        bundle = sealed.read_sealed(public.source, key)
        sealed.check_student_version(public.source, bundle)
    except sealed.SealError as error:
        raise SourceError(public.source, str(error)) from None
    full = read_deck(public.source, public.kind, text=bundle.lab)
    return replace(full, public=public)


def instructor_settings(settings: config.Settings) -> config.Settings:
    """Where a graded lab's cache and executed solution go: the instructor folder, outside the site."""
    return replace(settings, cache_dir=settings.instructor / "cache", out=settings.instructor / "site")


def instructor_page(settings: config.Settings, deck: Deck) -> Path:
    return settings.instructor / "site" / "labs" / f"{deck.name}.html"
