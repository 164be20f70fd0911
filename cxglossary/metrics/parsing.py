"""Turning what people type into exact values: counts, numbers, durations, percentages, scores.

Low-level parsers raise `ValueError` with the tail of a sentence ("is not a whole number");
callers add where the value came from ("--promoters: '12.5' is not a whole number",
"survey.csv line 14: 'abc' in column 'score' is not a whole number"). Values keep the units
people type: durations in seconds, percentages in percent (30 means 30 %), both as `Fraction`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from cxglossary.errors import InputError
from cxglossary.metrics.abandons import Abandons
from cxglossary.metrics.registry import METRICS, InputSpec, MetricSpec

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_COUNT = re.compile(r"\+?\d+")
_NUM = r"(\d+(?:\.\d+)?|\.\d+)"
_HMS = re.compile(rf"(?:{_NUM}h)?(?:{_NUM}m(?:in)?)?(?:{_NUM}s(?:ec)?)?")
_MSS = re.compile(r"(\d+):([0-5]\d(?:\.\d+)?)")
_HMMSS = re.compile(r"(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?)")
_SEPARATORS = re.compile(r"[\s,;]+")
_CURRENCY = "€$£¥"
_MAX_DIGITS = 60  # longer numbers are typos or attacks, not customer-service figures


@dataclass(frozen=True)
class ServiceTarget:
    """A service-level target such as 80 % of contacts answered within 20 s."""

    percent: Fraction
    seconds: Fraction


def show(raw: str, limit: int = 40) -> str:
    """A value as it can be quoted in a one-line message: escaped, truncated.

    Only what is not printable is escaped (control characters, bidi overrides, lone
    surrogates); accents and other scripts are shown as they are."""
    text = raw
    if not text.isprintable():
        text = "".join(
            char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
            for char in text[: limit * 2]  # enough to fill `limit` after escaping
        )
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- low-level parsers: ValueError(tail of a sentence) ------------------------------------


def count_value(text: str) -> int:
    s = text.strip()
    if len(s) > _MAX_DIGITS:
        raise ValueError("is too long to be a count")
    if _COUNT.fullmatch(s):
        return int(s)
    if s.startswith("-") and _DECIMAL.fullmatch(s):
        raise ValueError("is negative: a count is a whole number, 0 or more")
    if _DECIMAL.fullmatch(s):
        raise ValueError("is not a whole number")
    raise ValueError("is not a whole number")


def decimal_value(text: str) -> Fraction:
    """A decimal number written with a dot, exact (`0.1` is exactly 1/10)."""
    s = text.strip()
    if len(s) > _MAX_DIGITS:
        raise ValueError("is too long to be a number")
    if not _DECIMAL.fullmatch(s):
        if "," in s and _DECIMAL.fullmatch(s.replace(",", ".", 1)):
            raise ValueError("is not a number (write decimals with a dot, 12.5)")
        raise ValueError("is not a number")
    return Fraction(s)


def number_value(text: str) -> Fraction:
    value = decimal_value(text)
    if value < 0:
        raise ValueError("is negative")
    return value


def money_value(text: str) -> Fraction:
    return number_value(text.strip().strip(_CURRENCY).strip())


def duration_value(text: str) -> Fraction:
    """Seconds from 90, 90s, 4m30s, 1h, 1h30m, 2.5s, 4:30 (m:ss) or 1:02:03 (h:mm:ss)."""
    s = "".join(text.split()).lower()
    if len(s) > _MAX_DIGITS:
        raise ValueError("is too long to be a duration")
    if s.startswith("-"):
        raise ValueError("is negative")
    if _DECIMAL.fullmatch(s):
        return Fraction(s)
    match = _HMS.fullmatch(s)
    if match and s:
        h, m, sec = (Fraction(g) if g else Fraction(0) for g in match.groups())
        return h * 3600 + m * 60 + sec
    match = _HMMSS.fullmatch(s)
    if match:
        return int(match[1]) * 3600 + int(match[2]) * 60 + Fraction(match[3])
    match = _MSS.fullmatch(s)
    if match:
        return int(match[1]) * 60 + Fraction(match[2])
    raise ValueError("is not a duration (write 90, 90s, 4m30s, 1h30m or 4:30)")


def percent_value(text: str) -> Fraction:
    """Percent as typed: `30%` and `30` both give 30; `0.3` gives 0.3 (not 30)."""
    s = text.strip()
    s = s[:-1].rstrip() if s.endswith("%") else s
    try:
        value = decimal_value(s)
    except ValueError:
        raise ValueError("is not a percentage (write 30% or 30)") from None
    if value < 0:
        raise ValueError("is negative")
    if value > 100:
        raise ValueError("is above 100 %")
    return value


def target_value(text: str) -> ServiceTarget:
    parts = "".join(text.split()).split("/")
    if len(parts) != 2:
        raise ValueError("is not a service-level target (write 80/20: 80 % within 20 s)")
    pct = percent_value(parts[0])
    seconds = duration_value(parts[1])
    return checked_target(pct, seconds)


def checked_target(pct: Fraction, seconds: Fraction) -> ServiceTarget:
    if pct >= 100:
        raise ValueError(
            "asks for 100 %, which no staffing meets: with random arrivals some calls always wait"
        )
    if pct <= 0:
        raise ValueError("asks for 0 %, which is no target")
    if seconds < 0:
        raise ValueError("has a negative threshold")
    return ServiceTarget(pct, seconds)


def abandons_value(text: str) -> Abandons:
    key = text.strip().lower()
    try:
        return Abandons(key)
    except ValueError:
        raise ValueError("is not a service-level variant (write against, ignored or for)") from None


def score_value(text: str) -> int:
    """A whole-number answer; `9.0` is accepted as 9, `9.5` is not. Range checked later."""
    s = text.strip()
    if _COUNT.fullmatch(s) or (s.startswith("-") and _COUNT.fullmatch(s[1:])):
        if len(s) > _MAX_DIGITS:  # int() of 4,301 digits or more fails with Python's message
            raise ValueError("is too long to be a score")
        return int(s)
    if len(s) <= _MAX_DIGITS and _DECIMAL.fullmatch(s):
        value = Fraction(s)
        if value.denominator == 1:
            return int(value)
    raise ValueError("is not a whole number")


def scores_value(text: str) -> tuple[int, ...]:
    items = [item for item in _SEPARATORS.split(text.strip()) if item]
    if not items:
        raise ValueError("holds no scores (write 10,9,8,3)")
    out = []
    for item in items:
        try:
            out.append(score_value(item))
        except ValueError as exc:
            raise ValueError(f"holds '{show(item)}', which {exc}") from None
    return tuple(out)


_PARSERS = {
    "count": count_value,
    "number": number_value,
    "money": money_value,
    "duration": duration_value,
    "percent": percent_value,
    "scores": scores_value,
    "target": target_value,
    "abandons": abandons_value,
}


# --- options --------------------------------------------------------------------------------


def get_spec(metric_id: str) -> MetricSpec:
    spec = METRICS.get(metric_id)
    if spec is None:
        import difflib

        close = difflib.get_close_matches(metric_id, list(METRICS), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "`cx metric` lists the metrics"
        raise InputError(f"unknown metric '{show(metric_id)}'", hint=hint)
    return spec


def parse_input(spec: InputSpec, text: str, where: str) -> object:
    """Parse one typed value for `spec`; errors name `where` ("--promoters")."""
    try:
        return _PARSERS[spec.kind](text)
    except ValueError as exc:
        raise InputError(f"{where}: '{show(text)}' {exc}") from None


def _to_fraction(value: object, where: str) -> Fraction:
    if isinstance(value, bool):
        raise InputError(f"{where}: {value!r} is not a number")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{where}: {value!r} is not a number")
        return Fraction(repr(value))  # 0.1 -> 1/10, as typed, not the binary approximation
    raise InputError(f"{where}: {show(repr(value))} is not a number")


def coerce(spec: InputSpec, value: object, where: str) -> object:
    """Accept a typed string or an already-parsed value, and check it like `parse_input`."""
    if isinstance(value, str):
        return parse_input(spec, value, where)
    kind = spec.kind
    try:
        if kind == "count":
            number = _to_fraction(value, where)
            if number.denominator != 1:
                raise ValueError("is not a whole number")
            return count_value(str(number.numerator))
        if kind == "scores":
            if not isinstance(value, Iterable) or isinstance(value, Mapping):
                raise ValueError("is not a list of scores")
            items = []
            for item in value:
                number = _to_fraction(item, where)
                if number.denominator != 1:
                    raise ValueError(f"holds {float(number)}, which is not a whole number")
                items.append(int(number))
            if not items:
                raise ValueError("holds no scores")
            return tuple(items)
        if kind == "abandons":
            if isinstance(value, Abandons):
                return value
            raise ValueError("is not a service-level variant (write against, ignored or for)")
        if kind == "target":
            if isinstance(value, ServiceTarget):
                return checked_target(value.percent, value.seconds)
            if isinstance(value, tuple | list) and len(value) == 2:
                return checked_target(_to_fraction(value[0], where), _to_fraction(value[1], where))
            raise ValueError("is not a service-level target (write 80/20)")
        number = _to_fraction(value, where)
        if number < 0:
            raise ValueError("is negative")
        if kind == "percent" and number > 100:
            raise ValueError("is above 100 %")
        return number
    except ValueError as exc:
        raise InputError(f"{where}: {show(repr(value))} {exc}") from None


def echo(value: object) -> object:
    """A parsed value in JSON-serialisable form, in the units people type."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    if isinstance(value, ServiceTarget):
        return {"percent": echo(value.percent), "seconds": echo(value.seconds)}
    if isinstance(value, tuple):
        return [echo(item) for item in value]
    return value


def _unknown_option(spec: MetricSpec, name: str) -> InputError:
    import difflib

    names = [i.name for i in spec.inputs]
    close = difflib.get_close_matches(name, names)
    if close:
        hint = f"did you mean --{close[0]}?"
    else:
        hint = "options: " + ", ".join(f"--{n}" for n in names)
    return InputError(f"unknown option --{show(name)} for metric {spec.id}", hint=hint)


def parse_args(metric_id: str, args: list[str]) -> dict[str, object]:
    """Parse `["--promoters", "50", "--passives=30"]` for `metric_id`, defaults filled in."""
    spec = get_spec(metric_id)
    out: dict[str, object] = {}
    i = 0
    while i < len(args):
        token = args[i]
        if not token.startswith("--") or token == "--":
            raise InputError(
                f"unexpected argument '{show(token)}' for metric {spec.id}",
                hint="options are written --name VALUE or --name=VALUE",
            )
        body = token[2:]
        if "=" in body:
            name, text = body.split("=", 1)
            i += 1
        else:
            name = body
            if i + 1 >= len(args) or args[i + 1].startswith("--"):
                if spec.input(name) is None:
                    raise _unknown_option(spec, name)
                raise InputError(f"--{name} needs a value")
            text = args[i + 1]
            i += 2
        ispec = spec.input(name)
        if ispec is None:
            raise _unknown_option(spec, name)
        if name in out:
            raise InputError(f"--{name} is given twice")
        out[name] = parse_input(ispec, text, f"--{name}")
    for ispec in spec.inputs:
        if ispec.name not in out and ispec.default is not None:
            out[ispec.name] = parse_input(ispec, ispec.default, f"--{ispec.name}")
    return out


def normalise(spec: MetricSpec, inputs: Mapping[str, object]) -> dict[str, object]:
    """Check names and values of `inputs` (typed or parsed), fill in defaults."""
    out: dict[str, object] = {}
    for name, value in inputs.items():
        ispec = spec.input(name)
        if ispec is None:
            raise _unknown_option(spec, name)
        if value is None:
            continue
        out[name] = coerce(ispec, value, f"--{name}")
    for ispec in spec.inputs:
        if ispec.name not in out and ispec.default is not None:
            out[ispec.name] = parse_input(ispec, ispec.default, f"--{ispec.name}")
    return out
