"""Web server access log lines -> rows of the web_logs dataset, in either of the two formats
servers write by default:

    combined  203.0.113.9 - - [07/Mar/2026:09:15:02 +0100] "GET /a?b=1 HTTP/1.1" 200 5123 "-" "curl/8.5"
    common    unicomp6.unicomp.net - - [01/Jul/1995:00:00:02 -0400] "GET /shuttle/countdown/ HTTP/1.0" 200 3985

The Common Log Format (CLF) stops after the byte count, so its referrer and user agent are null.
The client is an IPv4 or IPv6 address, or a host name when the server looked names up (Apache's
HostnameLookups, as the NASA logs of 1995 have it). A byte count of `-` is 0: Apache's `%b`
writes `-` when no body was sent (the 304s and many 404s of the NASA logs). A
request line without a protocol (HTTP/0.9, `"GET /index.html"`) is a request, and escaped bytes
(`\\xc3\\xa9`) are decoded as UTF-8.

A line that does not fit gives `(None, reason)`; the caller keeps the line with the reason, so
nothing is dropped. Trailing fields some servers append after the user agent are ignored, and so
is whitespace at the end of a line.
"""

import datetime as _dt
import hashlib as _hashlib
import ipaddress as _ipaddress
import re as _re

# Why a line is rejected (the clean job prefixes them with `raw_line:`).
NOT_ACCESS_LOG_FORMAT = "not_access_log_format"
TRUNCATED_LINE = "truncated_line"

# Quoted fields may hold escaped quotes: Apache writes \" and Nginx \x22.
_QUOTED_TEXT = r'(?:[^"\\]|\\.)*'
_QUOTED = '"(' + _QUOTED_TEXT + ')"'
# A quoted field cut off before its closing quote (perhaps right after a backslash).
_QUOTED_OPEN = '"' + _QUOTED_TEXT + r"\\?"

# A line is read field by field, so that one which stops early can be told from one which is
# not a log line at all: each part has its pattern, and what a cut-off copy of it looks like.
_HEAD = _re.compile(r"(\S+) (\S+) (\S+) \[([^\]]*)\]")
_HEAD_CUT = _re.compile(r"\S+ \S+ \S+ \[[^\]]*")
_REQUEST = _re.compile(" " + _QUOTED)
_REQUEST_CUT = _re.compile("(?: (?:" + _QUOTED_OPEN + ")?)?")
_COUNTS = _re.compile(r" (\S+) (\S+)")
_COUNTS_CUT = _re.compile(r"(?: (?:\S+ ?)?)?")
_HEADERS = _re.compile(" " + _QUOTED + " " + _QUOTED + "(?: .*)?", _re.DOTALL)
_HEADERS_CUT = _re.compile("(?: (?:" + _QUOTED_OPEN + "|" + _QUOTED + "(?: (?:" + _QUOTED_OPEN + ")?)?)?)?")

_TIME = _re.compile(r"^(\d{2})/([A-Za-z]{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$")
# English month names as servers write them, whatever the locale of the machine parsing.
_MONTHS = {name: index + 1 for index, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
)}
_BRACKETED_TIME = _re.compile(r"\[([^\]]+)\]")
_METHOD = _re.compile(r"[A-Z]{3,10}")
_PROTOCOL = _re.compile(r"HTTP/\d+(?:\.\d+)?")
_CONTROL = _re.compile(r"[\x00-\x1f\x7f]")
# ASCII digits only: str.isdigit() also takes "²" and Arabic-Indic digits.
_NUMBER = _re.compile(r"[0-9]{1,18}")
# Apache (2.0.46 and later) and Nginx write a byte that is not printable ASCII as \xhh, a quote
# or backslash with a backslash before it, and whitespace in C notation (\n, \t).
_ESCAPE = _re.compile(r"(?:\\x[0-9a-fA-F]{2})+|\\(.)", _re.DOTALL)
_C_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "v": "\v", "f": "\f"}
# A host name as RFC 1123 allows it: labels of letters, digits and inner hyphens, at most 63
# characters each and 253 in all; the last label is not all digits (RFC 3696, section 2), which
# keeps an address with a bad octet (203.0.113.999) from passing as a name. Underscores are
# tolerated: the DNS itself allows them (RFC 2181, section 11) and reverse lookups return them.
_LABEL = _re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_MAX_HOST_NAME = 253


def request_id(line):
    """SHA-256 (hex) of the line without its line terminator: identical lines dedupe."""
    return _hashlib.sha256(strip_terminator(line).encode("utf-8")).hexdigest()


def strip_terminator(line):
    return line.rstrip("\r\n")


def _unescape(text):
    """The field as the client sent it. A run of escaped bytes is decoded as UTF-8; bytes that
    are not UTF-8 keep their `\\xhh` form, so nothing is replaced by a guess."""
    def replace(match):
        if match.group(1) is None:
            data = bytes.fromhex(match.group(0).replace("\\x", ""))
            return data.decode("utf-8", errors="backslashreplace")
        return _C_ESCAPES.get(match.group(1), match.group(1))

    return _ESCAPE.sub(replace, text)


def parse_log_time(text):
    """`07/Mar/2026:09:15:02 +0100` -> aware UTC datetime, or None when it is not one."""
    match = _TIME.match(text)
    if not match:
        return None
    day, month_name, year, hour, minute, second, sign, off_h, off_m = match.groups()
    month = _MONTHS.get(month_name.capitalize())
    if month is None:
        return None
    try:
        offset = _dt.timedelta(hours=int(off_h), minutes=int(off_m))
        zone = _dt.timezone(-offset if sign == "-" else offset)
        local = _dt.datetime(int(year), month, int(day), int(hour), int(minute), int(second), tzinfo=zone)
    except ValueError:
        return None
    return local.astimezone(_dt.timezone.utc)


def request_time_of(line):
    """Just the request time of a line (UTC), or None: enough to partition a line that may
    fail full parsing later, so it lands with its neighbours in time."""
    if not isinstance(line, str):
        return None
    match = _BRACKETED_TIME.search(line)
    return parse_log_time(match.group(1)) if match else None


def client_of(text):
    """The client field in one spelling: an IP address in Python's canonical form (IPv6
    compressed), or a host name in lower case (DNS names ignore case); None when it is neither."""
    try:
        return str(_ipaddress.ip_address(text))
    except ValueError:
        pass
    name = text.lower()
    labels = name.split(".")
    if len(name) > _MAX_HOST_NAME or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    return None if labels[-1].isdigit() else name


def _dash_to_none(text):
    return None if text in ("", "-") else text


def _fields(raw):
    """`(fields, None)`: client, time, request, status, bytes and, for the combined format,
    referrer and agent (None in CLF); or `(None, reason)` when the line is cut short or is no
    access log line."""

    def broken(cut_pattern, position):
        return None, TRUNCATED_LINE if cut_pattern.fullmatch(raw, position) else NOT_ACCESS_LOG_FORMAT

    head = _HEAD.match(raw)
    if head is None:
        return broken(_HEAD_CUT, 0)
    request = _REQUEST.match(raw, head.end())
    if request is None:
        return broken(_REQUEST_CUT, head.end())
    counts = _COUNTS.match(raw, request.end())
    if counts is None:
        return broken(_COUNTS_CUT, request.end())
    fields = head.groups() + request.groups() + counts.groups()
    if counts.end() == len(raw):
        return fields + (None, None), None
    headers = _HEADERS.fullmatch(raw, counts.end())
    if headers is None:
        return broken(_HEADERS_CUT, counts.end())
    return fields + headers.groups(), None


def _request_parts(request):
    """`(method, url)` of a request line, or None when it is not one. The protocol may be
    missing (HTTP/0.9); a path with spaces, which old servers logged as received, is kept whole
    when the protocol closes the line."""
    parts = _unescape(request).split(" ")
    if len(parts) >= 3 and _PROTOCOL.fullmatch(parts[-1]):
        url = " ".join(parts[1:-1])
    elif len(parts) == 2:
        url = parts[1]
    else:
        return None
    if not _METHOD.fullmatch(parts[0]) or url.strip() == "" or _CONTROL.search(url):
        return None
    return parts[0], url


def parse_line(line):
    """`(row, None)` with the web_logs columns, or `(None, reason)` for a malformed line."""
    if not isinstance(line, str):
        return None, "not_text"
    raw = strip_terminator(line)
    if not raw.strip():
        return None, "empty_line"
    # The id hashes the line as written; trailing blanks are not a field.
    fields, reason = _fields(raw.rstrip(" \t"))
    if reason is not None:
        return None, reason
    client_text, _ident, _user, time_text, request, status_text, bytes_text, referrer, agent = fields
    client = client_of(client_text)
    if client is None:
        return None, "invalid_client_ip"
    request_time = parse_log_time(time_text)
    if request_time is None:
        return None, "invalid_request_time"
    request_parts = _request_parts(request)
    if request_parts is None:
        return None, "malformed_request"
    if not _NUMBER.fullmatch(status_text) or not 100 <= int(status_text) <= 599:
        return None, "invalid_status"
    if bytes_text == "-":
        bytes_sent = 0
    elif _NUMBER.fullmatch(bytes_text):
        bytes_sent = int(bytes_text)
    else:
        return None, "invalid_bytes_sent"
    return {
        "request_id": request_id(raw),
        "client_ip": client,
        "request_time": request_time,
        "method": request_parts[0],
        "url": request_parts[1],
        "status": int(status_text),
        "bytes_sent": bytes_sent,
        "referrer": None if referrer is None else _dash_to_none(_unescape(referrer)),
        "user_agent": None if agent is None else _dash_to_none(_unescape(agent)),
    }, None
