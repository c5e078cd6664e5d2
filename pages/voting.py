"""The participant's page of a live vote (/vote?room=<token>, or /vote and a code): the room's items, their own
vote, nothing else of the app (the router hides the navigation and draws no sidebar)."""

from ui.workshop import participant_page

participant_page()
