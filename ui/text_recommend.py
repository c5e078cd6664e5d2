"""English strings of the recommendation (summary, sidebar, first slide, report) and the report's benefit assumptions; merged into the catalog by ui/i18n.py."""

EN: dict[str, str] = {
}
