"""
The error a reader of a document raises: the catalog loader's and the
importer's parsers. No Django, so the parsers stay free of it.
"""


class FormatError(Exception):
    """
    A document that cannot be read; ``errors`` lists every problem found,
    each naming its record. The message lists the first 20.
    """

    # Where the problems are, after "N problems" in the message.
    where = ""

    def __init__(self, errors):
        if isinstance(errors, str):
            errors = [errors]
        self.errors = list(errors)
        super().__init__(self._message())

    def _message(self):
        if len(self.errors) == 1:
            return self.errors[0]
        shown = self.errors[:20]
        more = len(self.errors) - len(shown)
        lines = [f"{len(self.errors)} problems{self.where}:"]
        lines += [f"  - {error}" for error in shown]
        if more:
            lines.append(f"  ... and {more} more")
        return "\n".join(lines)


class NotFound(Exception):
    """
    Something an API client asked for that is not there: a stable ``code``
    ("model_not_found"), the offending values (``slug="gpt-9"``) and a
    message for people. config.api answers it as a 404 with all three.
    """

    def __init__(self, message: str, *, code: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params
