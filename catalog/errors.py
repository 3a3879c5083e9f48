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
