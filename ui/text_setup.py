"""English strings of the guided set-up; merged into the catalog by ui/i18n.py."""

EN: dict[str, str] = {
    "nav.setup": "Guided set-up",
}
