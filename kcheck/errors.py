"""Errors the core raises and the exit codes the CLI maps them to."""

EXIT_OK = 0
EXIT_ERROR = 1  # runtime or data error: unreadable file, unknown source, database problem
EXIT_USAGE = 2  # bad flags or arguments


class KcheckError(Exception):
    """An error whose message tells the user what went wrong and what to do next."""

    exit_code = EXIT_ERROR


class UsageError(KcheckError):
    exit_code = EXIT_USAGE


class ModelNotFound(KcheckError):
    pass


class SourceError(KcheckError):
    """A single input could not be read; ingest skips it and carries on."""


class NotFound(KcheckError):
    pass
