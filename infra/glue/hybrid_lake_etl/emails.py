"""E-mail addresses: normalise and validate with a pragmatic subset of RFC 5321/5322.

Accepted: a dot-atom local part (no quoted strings, no comments, no IP-literal domains, which
real customer registers do not hold), `@`, and a domain name of at least two labels. Unicode
domains are accepted and stored in their ASCII (IDNA) form, the form mail systems resolve;
a Unicode local part is refused, since it needs SMTPUTF8 all the way to the mailbox.
"""

import re as _re

MAX_ADDRESS_LENGTH = 254  # RFC 5321 path limit (256) minus the angle brackets
MAX_LOCAL_LENGTH = 64
MAX_LABEL_LENGTH = 63
_ATEXT = _re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$")
_LABEL = _re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = _re.compile(r"^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def _domain_to_ascii(domain):
    try:
        return domain.encode("idna").decode("ascii"), None
    except UnicodeError:
        return None, "invalid_unicode_domain"


def normalise_email(raw):
    """`(normalised address, None)`, `(None, None)` for no address, or `(None, reason)`.

    Normalising trims surrounding space and lower-cases the domain; the local part keeps its
    case, which RFC 5321 leaves to the receiving server.
    """
    if raw is None:
        return None, None
    if not isinstance(raw, str):
        return None, "not_text"
    text = raw.strip()
    if not text:
        return None, None
    if any(ch.isspace() for ch in text):
        return None, "contains_whitespace"
    if text.count("@") != 1:
        return None, "missing_at_sign" if "@" not in text else "several_at_signs"
    local, domain = text.split("@")
    reason = _local_part_problem(local)
    if reason:
        return None, reason
    if not domain:
        return None, "empty_domain"
    if not domain.isascii():
        domain, reason = _domain_to_ascii(domain)
        if reason:
            return None, reason
    domain = domain.lower()
    reason = _domain_problem(domain)
    if reason:
        return None, reason
    address = local + "@" + domain
    if len(address) > MAX_ADDRESS_LENGTH:
        return None, "address_too_long"
    return address, None


def _local_part_problem(local):
    if not local:
        return "empty_local_part"
    if not local.isascii():
        return "non_ascii_local_part"
    if len(local) > MAX_LOCAL_LENGTH:
        return "local_part_too_long"
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return "misplaced_dot"
    if not all(_ATEXT.match(atom) for atom in local.split(".")):
        return "invalid_local_character"
    return None


def _domain_problem(domain):
    if ".." in domain or domain.startswith(".") or domain.endswith("."):
        return "misplaced_dot"
    labels = domain.split(".")
    if len(labels) < 2:
        return "domain_without_dot"
    for label in labels:
        if len(label) > MAX_LABEL_LENGTH:
            return "domain_label_too_long"
        if not _LABEL.match(label):
            return "invalid_domain_character"
    if not _TLD.match(labels[-1]):
        return "invalid_top_level_domain"
    return None
