"""
``OneLineFormatter``: a log record on one line, without the traceback of
the exception it carries.

Django logs every request it refuses as suspicious (an unknown Host, too
many query parameters) on ``django.security.<exception>`` with the
exception attached, so each stray scanner's request printed a whole
traceback; the settings send those loggers through this formatter instead.
"""

import logging


class OneLineFormatter(logging.Formatter):
    """Format a record as one line: its message, never a traceback."""

    def formatException(self, ei):
        return ""

    def formatStack(self, stack_info):
        return ""

    def format(self, record):
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")
