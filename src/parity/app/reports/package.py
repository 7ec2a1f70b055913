"""Office files made steady: the same content gives the same bytes.

DOCX and XLSX files are zip packages, and the libraries that write them stamp each entry with
the time of writing. A report is stored with what it was built from and must come out byte for
byte the same when made again (issue 12), so each entry is rewritten with the report's own
generation time and the same compression.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def steady_zip(data: bytes, when: dt.datetime) -> bytes:
    """``data`` (a zip package) with every entry dated ``when``, in the same order."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
