"""The case: validated, immutable, JSON-serialisable inputs of a CRM business case.

Units, everywhere in the core:

* money in the case currency, as a float (``Money``), never negative in an input;
* time in months (``months_to_go_live``...) or whole years (``horizon_years``);
* rates and shares as fractions (``0.10`` is 10 %); per cent exists only in messages and the UI
  (:func:`to_percent`, :func:`from_percent`).

Every model is frozen: a change makes a new case (:func:`with_values`), validated like the first one, so
an invalid edit can never leave a half-changed case behind.

The package, one concept a module:

* :mod:`~crm_case.model.units`: the value types with their unit and bounds, the limits, percent conversion;
* :mod:`~crm_case.model.parts`: assumptions, line items, drivers, rollout, cost of delay;
* :mod:`~crm_case.model.analyses`: scoring, readiness, risk ranges, vendors, customer value, goals;
* :mod:`~crm_case.model.case`: the :class:`Case`;
* :mod:`~crm_case.model.fields`: each field's unit, bounds and English label (:func:`field_info`);
* :mod:`~crm_case.model.messages`: validation errors as user text;
* :mod:`~crm_case.model.paths`: changing a case by path, presets, JSON.
"""

# Each module's public names, written once, in its own literal `__all__`; the package re-exports them (star
# imports: see pyproject.toml). The project's public API is crm_case.__all__.
from crm_case.model.analyses import *
from crm_case.model.case import *
from crm_case.model.fields import *
from crm_case.model.messages import *
from crm_case.model.parts import *
from crm_case.model.paths import *
from crm_case.model.units import *
