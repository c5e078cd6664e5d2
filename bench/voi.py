"""Benchmarks of the value of information (issue 20): EVPI and every input's EVPPI from 10,000 Monte Carlo runs
(target 200 ms on top of the simulation), and a pilot's four paths over the same runs (target 500 ms).

The case is the sample with an extra one-off outlay of 450,000 so that NPV straddles zero (about half the runs
lose money): every input's regression then also computes its standard error's fit term, the slower branch. The
sample as it is (every run profitable) is timed too. The simulation itself is made once, outside the timing.
"""

from __future__ import annotations

from bench import median_ms
from crm_case import sample_case, with_values


def _straddling_case():
    case = sample_case()
    costs = [item.model_dump(mode="json") for item in case.costs]
    costs.append({"category": "IT", "name": "Outlay", "initial": 450_000.0})
    return with_values(case, {"costs": costs})


def bench_voi() -> list[dict]:
    from crm_case.risk import monte_carlo
    from crm_case.voi import Pilot, evpi, evppi_table, pilot_paths

    pilot = Pilot(cost=15_000, months=3, users=20,
                  reveals=("rollout.peak_adoption", "drivers.sales_productivity.hours_saved_per_week"))
    rows = []
    for label, case in (("sample + 450,000 outlay", _straddling_case()), ("sample case", sample_case())):
        mc = monte_carlo(case, runs=10_000, seed=7)
        inputs = sum(1 for i in mc.inputs if i.varies)
        rows.append({"name": f"EVPI + EVPPI of {inputs} inputs, 10,000 runs ({label})",
                     "median_ms": median_ms(lambda mc=mc: (evpi(mc), evppi_table(mc)), 15), "target_ms": 200})
        rows.append({"name": f"pilot paths, 10,000 runs ({label})",
                     "median_ms": median_ms(lambda case=case, mc=mc: pilot_paths(case, pilot, mc), 15),
                     "target_ms": 500})
    return rows


if __name__ == "__main__":
    for row in bench_voi():
        print(f"{row['name']:<70} {row['median_ms']:8.1f} ms  (target {row['target_ms']} ms)")
