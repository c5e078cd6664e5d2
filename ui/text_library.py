"""English strings of saving to the case library (the sidebar's save status); merged into the catalog by ui/i18n.py."""

EN: dict[str, str] = {
    "library.status.unsaved": "Unsaved changes",
    "library.status.unsaved.help": "What is on screen differs from version {version} in the library; it is saved "
                                   "as soon as the library answers.",
    "library.status.unsaved.new": "Unsaved changes: not in the library yet.",
    "library.off.pending": "Your changes since version {version} are kept in this tab and saved as one version "
                           "as soon as the library works again (tried every few seconds).",
    "library.off.pending.new": "This case is kept in this tab and saved as soon as the library works again "
                               "(tried every few seconds).",
    "library.off.nothing": "Nothing is unsaved: the library holds what is on screen.",
    "library.conflict.missing": "The library no longer holds this case (its data was deleted or replaced). What "
                                "is on screen is not saved: save it as a copy to keep it.",
    "library.notice.unreadable": "The link names case {id}, which this version of the app cannot read ({reason}). "
                                 "Nothing was opened; your case is as it was.",
}
