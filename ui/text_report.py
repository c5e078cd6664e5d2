"""English strings of the executive report's fonts: the note beside the PDF download naming the characters
the PDF cannot draw; merged into the catalog by ui/i18n.py."""

EN: dict[str, str] = {
    "report.undrawn.one": "1 character of this case could not be drawn in the PDF (no installed font has it) "
                          "and is shown there as {mark}: {chars}",
    "report.undrawn.other": "{count} characters of this case could not be drawn in the PDF (no installed font has "
                            "them) and are shown there as {mark}: {chars}",
}
