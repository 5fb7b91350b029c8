"""Apache/Nginx combined log format lines -> rows of the web_logs dataset.

    203.0.113.9 - - [07/Mar/2026:09:15:02 +0100] "GET /a?b=1 HTTP/1.1" 200 5123 "-" "curl/8.5"

A line that does not fit gives `(None, reason)`; the caller keeps the line with the reason, so
nothing is dropped. Trailing fields some servers append after the user agent are ignored.
"""

import datetime as _dt
import hashlib as _hashlib
import ipaddress as _ipaddress
import re as _re

# Quoted fields may hold escaped quotes: Apache writes \" and Nginx \x22 (the latter needs no
# special case, it has no quote character in it).
_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_LINE = _re.compile(
    r"^(\S+) (\S+) (\S+) \[([^\]]+)\] "
    + _QUOTED
    + r" (\S+) (\S+) "
    + _QUOTED
    + r" "
    + _QUOTED
    + r"(?: .*)?$"
)
_TIME = _re.compile(r"^(\d{2})/([A-Za-z]{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$")
# English month names as servers write them, whatever the locale of the machine parsing.
_MONTHS = {name: index + 1 for index, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
)}
_BRACKETED_TIME = _re.compile(r"\[([^\]]+)\]")
_METHOD = _re.compile(r"^[A-Z]{3,10}$")
_ESCAPE = _re.compile(r"\\(x[0-9a-fA-F]{2}|.)")


def request_id(line):
    """SHA-256 (hex) of the line without its line terminator: identical lines dedupe."""
    return _hashlib.sha256(strip_terminator(line).encode("utf-8")).hexdigest()


def strip_terminator(line):
    return line.rstrip("\r\n")


def _unescape(text):
    def replace(match):
        escaped = match.group(1)
        if escaped.startswith("x") and len(escaped) == 3:
            return chr(int(escaped[1:], 16))
        return escaped

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


def _dash_to_none(text):
    return None if text in ("", "-") else text


def parse_line(line):
    """`(row, None)` with the web_logs columns, or `(None, reason)` for a malformed line."""
    if not isinstance(line, str):
        return None, "not_text"
    raw = strip_terminator(line)
    if not raw.strip():
        return None, "empty_line"
    match = _LINE.match(raw)
    if not match:
        return None, "not_combined_log_format"
    client_ip, _ident, _user, time_text, request, status_text, bytes_text, referrer, agent = match.groups()
    try:
        client_ip = str(_ipaddress.ip_address(client_ip))
    except ValueError:
        return None, "invalid_client_ip"
    request_time = parse_log_time(time_text)
    if request_time is None:
        return None, "invalid_request_time"
    parts = _unescape(request).split(" ")
    if len(parts) != 3 or not _METHOD.match(parts[0]) or not parts[1] or not parts[2].startswith("HTTP/"):
        return None, "malformed_request"
    if not status_text.isdigit() or not 100 <= int(status_text) <= 599:
        return None, "invalid_status"
    if bytes_text == "-":
        bytes_sent = 0
    elif bytes_text.isdigit():
        bytes_sent = int(bytes_text)
    else:
        return None, "invalid_bytes_sent"
    return {
        "request_id": request_id(raw),
        "client_ip": client_ip,
        "request_time": request_time,
        "method": parts[0],
        "url": parts[1],
        "status": int(status_text),
        "bytes_sent": bytes_sent,
        "referrer": _dash_to_none(_unescape(referrer)),
        "user_agent": _dash_to_none(_unescape(agent)),
    }, None
