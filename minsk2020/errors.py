"""Errors the data layer raises. Each message names the file or source and what was wrong."""


class BookDataError(Exception):
    """Base class: bad input anywhere in the data layer."""


class UnknownSourceError(BookDataError, KeyError):
    """A builder or notebook asked for a source id that is not in data/sources.yaml."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class FetchError(BookDataError):
    """A raw file is missing, truncated or does not match its sha256."""


class RawFormatError(BookDataError):
    """A raw file does not have the layout its builder expects (sheet, header, column...)."""


class SchemaError(BookDataError):
    """A table does not satisfy its schema in the data package."""


class CuratedDataError(SchemaError):
    """A curated table breaks its schema or a rule of the book; the message names file, row and field."""


class PublishError(BookDataError):
    """Tables or package files could not be published (read-only folder, lock, rename)."""


class RepinError(BookDataError):
    """A registry hash may not be changed this way (immutable URL, no reason given...)."""
