"""Typed errors of the helper module."""


class EtlInputError(ValueError):
    """A value the caller passed cannot be used (not a bad record: those get a reason)."""

    def __init__(self, message, cause=None):
        super().__init__(message)
        self.name = type(self).__name__
        self.cause = cause
        if cause is not None:
            self.__cause__ = cause


class UnsupportedTypeError(EtlInputError):
    """A column type outside the Glue/Hive types the platform definition allows."""


class PartitionKeyError(EtlInputError):
    """Partition keys that are not a leading run of year, month, day, hour."""
