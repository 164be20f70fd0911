"""What each `cx metric` calculator takes and returns, as plain data.

Cheap to import on purpose (no `fractions`, no calculators): `cx metric` with no id and
`cx metric ID --explain` only need this module.

Input kinds and what they accept (see `parsing.py`):

- ``count``: a whole number >= 0 (``1200``).
- ``number``: a decimal number >= 0 (``12``, ``12.5``); a dot for decimals, no thousands separator.
- ``money``: like ``number``; a leading or trailing currency sign (``€``, ``$``, ``£``) is ignored.
- ``duration``: seconds (``90``, ``90s``, ``4m30s``, ``1h``, ``1h30m``, ``2.5s``), or clock style
  (``4:30`` is m:ss, ``1:02:03`` is h:mm:ss).
- ``percent``: ``30%`` or ``30``, both meaning 30 % (``0.3`` means 0.3 %, not 30 %).
- ``scores``: whole numbers separated by commas (``10,9,8,3``), each checked against the scale.
- ``target``: a service-level target, percent / seconds (``80/20``, ``80%/20s``).
- ``abandons``: how abandoned calls enter a service level: ``against``, ``ignored`` or ``for``.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("count", "number", "duration", "percent", "scores", "target", "money", "abandons")


@dataclass(frozen=True)
class InputSpec:
    name: str  # option name as typed, without dashes: "promoters", "total-wait"
    kind: str  # one of KINDS
    help: str  # one line, English
    required: bool = False  # required in every mode (counts, scores and files alike)
    default: str | None = None  # parsed like a typed value


@dataclass(frozen=True)
class MetricSpec:
    id: str
    name: str
    unit: str  # "points", "%", "s", "agents", "lines", "currency", "tickets"
    glossary_id: str  # id of the glossary entry holding the formula text
    inputs: tuple[InputSpec, ...]
    accepts_file: bool  # can read its values from a file column (--file/--column/--by)
    reading: str  # one line on how to read the result, English
    reads_log: bool = False  # computed from a contact log (--file LOG, one row per contact)

    def input(self, name: str) -> InputSpec | None:
        for spec in self.inputs:
            if spec.name == name:
                return spec
        return None


def _c(name: str, help: str, *, required: bool = False, default: str | None = None) -> InputSpec:
    return InputSpec(name, "count", help, required, default)


def _d(name: str, help: str, *, required: bool = False, default: str | None = None) -> InputSpec:
    return InputSpec(name, "duration", help, required, default)


_SPECS: tuple[MetricSpec, ...] = (
    MetricSpec(
        "nps",
        "Net Promoter Score",
        "points",
        "nps",
        (
            _c("promoters", "Respondents who answered 9 or 10"),
            _c("passives", "Respondents who answered 7 or 8"),
            _c("detractors", "Respondents who answered 0 to 6"),
            InputSpec("scores", "scores", "Answers on the 0-10 scale, instead of the three counts"),
            _c(
                "confidence",
                "Confidence level of the interval and of --compare: 90, 95 or 99 (%)",
                default="95",
            ),
        ),
        True,
        "From -100 to +100: the share of promoters minus the share of detractors; "
        "above 0, promoters outnumber detractors.",
    ),
    MetricSpec(
        "tud",
        "Ultra-detractor rate",
        "%",
        "tud",
        (
            _c("ultra-detractors", "Respondents who answered 0 or 1 on the 0-10 scale"),
            _c("responses", "All respondents"),
            InputSpec("scores", "scores", "Answers on the 0-10 scale, instead of the two counts"),
        ),
        True,
        "Share of respondents at the very bottom of the NPS scale (0 or 1): "
        "the customers most likely to complain in public.",
    ),
    MetricSpec(
        "csat",
        "Customer satisfaction score",
        "%",
        "csat",
        (
            _c("satisfied", "Respondents who gave one of the top two answers (4 or 5 on 1-5)"),
            _c("responses", "All respondents"),
            InputSpec("scores", "scores", "Answers on the 1-N scale, instead of the two counts"),
            _c("scale", "Points on the answer scale, 1 to N (3 to 10)", default="5"),
            _c(
                "confidence",
                "Confidence level of the interval and of --compare: 90, 95 or 99 (%)",
                default="95",
            ),
        ),
        True,
        "Share of satisfied respondents (top two answers of the scale); higher is better.",
    ),
    MetricSpec(
        "ces",
        "Customer effort score",
        "points",
        "ces",
        (
            InputSpec(
                "scores",
                "scores",
                "Answers to 'The company made it easy to handle my issue', 1 = strongly disagree",
            ),
            _c("scale", "Points on the agreement scale: 5 or 7", required=True),
            _c(
                "confidence",
                "Confidence level of the interval and of --compare: 90, 95 or 99 (%)",
                default="95",
            ),
        ),
        True,
        "Mean answer on the agreement scale, higher = easier; the share agreeing counts the "
        "top two answers.",
    ),
    MetricSpec(
        "aht",
        "Average handle time",
        "s",
        "aht",
        (
            _d("talk", "Total talk time over the period (90, 4m30s, 1h...)"),
            _d("hold", "Total hold time over the period (0 if left out)"),
            _d("wrap", "Total after-contact work over the period (0 if left out)"),
            _c("contacts", "Contacts handled in the period"),
        ),
        True,
        "Average time an agent spends on one contact, talk + hold + after-contact work; "
        "lower is not always better.",
        reads_log=True,
    ),
    MetricSpec(
        "fcr",
        "First contact resolution",
        "%",
        "fcr",
        (
            _c("resolved-first", "Contacts resolved at the first contact"),
            _c("total", "Contacts handled"),
        ),
        False,
        "Share of requests settled in a single contact, with no follow-up; higher is better.",
        reads_log=True,
    ),
    MetricSpec(
        "churn",
        "Churn rate",
        "%",
        "churn-rate",
        (
            _c("start", "Customers at the start of the period", required=True),
            _c("lost", "Of those, customers lost during the period", required=True),
        ),
        False,
        "Share of the customers at the start of the period who left during it; lower is better.",
    ),
    MetricSpec(
        "retention",
        "Customer retention rate",
        "%",
        "customer-retention",
        (
            _c("start", "Customers at the start of the period", required=True),
            _c("end", "Customers at the end of the period", required=True),
            _c("new", "New customers gained during the period", required=True),
        ),
        False,
        "Share of the customers at the start who are still there at the end, new customers "
        "left out: (end - new) / start.",
    ),
    MetricSpec(
        "qos",
        "Quality of service (handled / received)",
        "%",
        "qos",
        (
            _c("handled", "Contacts handled", required=True),
            _c("received", "Contacts received", required=True),
        ),
        False,
        "Share of the contacts received that were actually handled; higher is better.",
    ),
    MetricSpec(
        "abandonment",
        "Abandonment rate",
        "%",
        "abandonment-rate",
        (
            _c("abandoned", "Contacts abandoned before an answer"),
            _c("offered", "Contacts offered (received)"),
            _d("short-abandon", "With a log: abandons before this wait are not counted (5s)"),
        ),
        False,
        "Share of callers who hung up before being answered; lower is better.",
        reads_log=True,
    ),
    MetricSpec(
        "service-level",
        "Service level",
        "%",
        "service-level",
        (
            _c("answered-within", "Contacts answered within the threshold"),
            _c("offered", "Contacts offered"),
            _d("threshold", "The threshold those contacts were answered within (20s)"),
            InputSpec(
                "abandons",
                "abandons",
                "With a log: abandons within T count against, are ignored or count for [against]",
            ),
            _d("short-abandon", "With a log: abandons before this wait are not counted (5s)"),
            InputSpec("target", "percent", "With a log: the target drawn on the chart [80]"),
        ),
        False,
        "Share of contacts answered within the threshold, as in '80 % in 20 s'; higher is better.",
        reads_log=True,
    ),
    MetricSpec(
        "asa",
        "Average speed of answer",
        "s",
        "asa",
        (
            _d("total-wait", "Total waiting time before an answer"),
            _c("answered", "Contacts answered"),
        ),
        False,
        "Average wait before a customer reaches someone; lower is better.",
        reads_log=True,
    ),
    MetricSpec(
        "occupancy",
        "Occupancy",
        "%",
        "occupancy",
        (
            _d("handle-time", "Time spent handling contacts", required=True),
            _d("available-time", "Time logged in and available or handling", required=True),
        ),
        False,
        "Share of logged-in time spent handling contacts; above about 85 % agents burn out.",
    ),
    MetricSpec(
        "contact-rate",
        "Contact rate",
        "%",
        "contact-rate",
        (
            _c("contacts", "Customers who contacted the service (or contacts)", required=True),
            _c("customers", "Active customers in the period"),
            _c("orders", "Orders in the period, instead of --customers"),
        ),
        False,
        "Contacts per 100 active customers (or orders); lower usually means fewer problems.",
    ),
    MetricSpec(
        "conversion",
        "Conversion rate",
        "%",
        "conversion-rate",
        (
            _c("conversions", "Sales (or other conversions)", required=True),
            _c("visitors", "Visitors"),
            _c("leads", "Leads or contacts, instead of --visitors"),
        ),
        False,
        "Share of visitors (or leads) who bought; higher is better.",
    ),
    MetricSpec(
        "resolution-rate",
        "Resolution rate",
        "%",
        "resolution-rate",
        (
            _c("resolved", "Tickets resolved", required=True),
            _c("total", "Tickets assigned (or received)", required=True),
        ),
        False,
        "Share of assigned tickets that were resolved; higher is better.",
    ),
    MetricSpec(
        "self-service",
        "Self-service rate",
        "%",
        "self-service-ratio",
        (
            _c("self-served", "Requests customers solved themselves (FAQ, bot...)", required=True),
            _c("total", "All requests, self-served ones included", required=True),
        ),
        False,
        "Share of requests customers solved without an agent; higher is cheaper.",
    ),
    MetricSpec(
        "backlog",
        "Ticket backlog",
        "tickets",
        "backlog",
        (
            _c("open-start", "Tickets still open at the start of the period", required=True),
            _c("new", "Tickets received during the period", required=True),
            _c("resolved", "Tickets resolved during the period", required=True),
        ),
        False,
        "Tickets still open at the end of the period: open at start + new - resolved; "
        "a growing backlog means demand outruns capacity.",
    ),
    MetricSpec(
        "arpu",
        "Average revenue per user",
        "currency",
        "arpu",
        (
            InputSpec("revenue", "money", "Revenue for the period", required=True),
            _c("users", "Average number of users (customers) in the period", required=True),
        ),
        False,
        "Revenue one user brings in over the period, in the revenue's currency.",
    ),
    MetricSpec(
        "clv",
        "Customer lifetime value",
        "currency",
        "clv",
        (
            InputSpec("arpu", "money", "Revenue per customer per period (simple method)"),
            InputSpec("lifetime", "number", "Expected lifetime, in the same periods"),
            InputSpec("margin", "money", "Margin per customer per period (margin / churn method)"),
            InputSpec("churn", "percent", "Churn per period, 0-100 % (margin / churn method)"),
        ),
        False,
        "What one customer is worth over the whole relationship; compare it with the cost of "
        "winning a customer.",
    ),
    MetricSpec(
        "erlang",
        "Erlang C / Erlang A staffing",
        "agents",
        "erlang-c",
        (
            _c("calls", "Contacts expected in the interval", required=True),
            _d("interval", "Length of the interval (30m, 1h)", required=True),
            _d("aht", "Average handle time (180s, 3m)", required=True),
            InputSpec("service-level", "target", "Target: percent / seconds", default="80/20"),
            _d("patience", "Mean caller patience (5m): Erlang A, callers who hang up"),
            InputSpec(
                "abandons",
                "abandons",
                "Erlang A service level: abandons count against, ignored or for [against]",
            ),
            InputSpec("shrinkage", "percent", "Paid time agents are not available (30%)"),
            InputSpec("max-occupancy", "percent", "Highest acceptable occupancy (85%)"),
            InputSpec("max-abandonment", "percent", "Erlang A: highest acceptable abandonment"),
            _c("max-agents", "Most agents available; a plan reports the intervals short of it"),
            _c("agents", "Evaluate this many agents instead of finding the fewest"),
        ),
        False,
        "Fewest agents on the phones meeting the target; positions add shrinkage "
        "(breaks, training, absence). With --patience, Erlang A: callers who hang up.",
    ),
    MetricSpec(
        "erlang-b",
        "Erlang B lines",
        "lines",
        "erlang-b",
        (
            InputSpec("traffic", "number", "Busy-hour traffic in erlangs (10)"),
            _c("calls", "Calls in the interval, instead of --traffic"),
            _d("interval", "Length of the interval, with --calls (1h)"),
            _d("aht", "Average call length, with --calls (3m)"),
            InputSpec("blocking", "percent", "Highest acceptable blocking (2%)", default="1%"),
            _c("lines", "Evaluate this many lines instead of finding the fewest"),
        ),
        False,
        "Fewest lines (trunks, channels) for which the share of calls finding them all busy "
        "stays under the blocking target; blocked calls are lost, not queued.",
    ),
)

METRICS: dict[str, MetricSpec] = {spec.id: spec for spec in _SPECS}
