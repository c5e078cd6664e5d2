"""The one exception type the core raises for input a user can fix."""

from __future__ import annotations


class CrmCaseError(ValueError):
    """Input that breaks a rule of the model, with a message a user can act on.

    ``problems`` holds one line per problem, each naming where (a field path such as
    ``drivers.retention.churn_after``, or later a ``Sheet!Cell``) and what is expected.
    ``str(error)`` joins them with ``"; "`` so that a command line can print one line.
    """

    def __init__(self, problems: str | list[str]) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))
