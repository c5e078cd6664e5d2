"""The one exception type the core raises for input a user can fix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crm_case.i18n import Message, localize


class CrmCaseError(ValueError):
    """Input that breaks a rule of the model, with a message a user can act on.

    ``problems`` holds one line per problem, each naming where (a field path such as
    ``drivers.retention.churn_after``, or later a ``Sheet!Cell``) and what is expected. The engine writes each
    as a :class:`crm_case.i18n.Message` (a ``str`` in English that also carries its catalog key), so the app can
    show it in the reader's language (:meth:`in_language`); ``problems`` keeps them as given.
    ``str(error)`` joins them with ``"; "`` so that a command line can print one line.
    Copies and pickles keep the problems (and their keys) and every attribute of a subclass.
    """

    def __init__(self, problems: str | list[str]) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(self.problems[0] if len(self.problems) == 1 else "; ".join(self.problems))

    @property
    def message(self) -> Message:
        """The problems as one :class:`~crm_case.i18n.Message` (``str(error)`` in English), for a message that
        quotes the error in the reader's language."""
        return joined(self.problems)

    def in_language(self, language: str) -> str:
        """The problems in ``language``, joined with ``"; "`` like ``str(error)`` (a problem that is no
        :class:`~crm_case.i18n.Message`, e.g. a user's own text, as it is)."""
        return "; ".join(localize(problem, language) for problem in self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles its args only: a list of problems would come back as one joined str, and a
        # subclass whose __init__ takes other arguments (StoreError's detail) could not be rebuilt
        return (_rebuild, (type(self), self.args, self.__dict__.copy()))


def joined(problems: Sequence[str]) -> Message:
    """Several problems as one :class:`~crm_case.i18n.Message`: ``a; b; c`` in English, each problem in the
    reader's language (a plain ``str`` among them, such as a user's text, as it is)."""
    parts = [p if isinstance(p, Message) else Message("engine.text", text=p) for p in problems] or [Message(
        "engine.text", text="")]
    out = parts[-1]
    for part in reversed(parts[:-1]):
        out = Message("engine.list.semicolon", first=part, rest=out)
    return out


def _rebuild(cls: type[CrmCaseError], args: tuple[Any, ...], state: dict[str, Any]) -> CrmCaseError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error
