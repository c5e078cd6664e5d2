"""``python -m crm_case``: see :mod:`crm_case.cli`."""

from crm_case.cli import main

raise SystemExit(main())
