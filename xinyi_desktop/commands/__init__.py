"""Command-line tasks, one module each. A module's ``register(subparsers)`` adds its
commands and sets ``handler`` (``args -> exit status``); ``cli.build_parser`` calls it.

Keep these modules light: import heavy parts inside the handlers.
"""

COMMAND_MODULES: tuple[str, ...] = (
    "listing",
    "audit",
    "backup",
    "deadlines",
    "court_import",
    "letters",
    "sanctions",
    "reports",
)
