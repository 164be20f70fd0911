# ruff: noqa: E501  (tables of cases read best one per line)
"""Every calculator's whole result (value, exact fraction, n, details) on inputs where a wrong
operator, boundary or key would show, each derived by hand beside it; and every error a
calculator raises, word for word. Written against the survivors of mutation testing
(scripts/mutation.py)."""

from __future__ import annotations

import pytest

from cxglossary.errors import InputError
from cxglossary.metrics import compute, parse_args

# (metric, arguments, value, exact fraction, n, details), each derived by hand.
CASES = [
    # 3 ultra-detractors of 8: 300/8 = 37.5 %
    ("tud", "--ultra-detractors 3 --responses 8", 37.5, "75/2", 8,
     {"ultra_detractors": 3, "ultra_detractor_values": [0, 1]}),
    # answers 0,1,2,10: two of four are 0 or 1 -> 50 %
    ("tud", "--scores 0,1,2,10", 50.0, "50", 4,
     {"ultra_detractors": 2, "ultra_detractor_values": [0, 1],
      "distribution": {"0": 1, "1": 1, "2": 1, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0,
                       "9": 0, "10": 1}}),
    # talk 3 h = 10,800 s, hold 20 min = 1,200 s, wrap 40 min = 2,400 s: 14,400 s / 40 = 360 s
    ("aht", "--talk 3h --hold 20m --wrap 40m --contacts 40", 360.0, "360", 40,
     {"total_seconds": 14400, "talk_seconds": 10800, "talk_avg_seconds": 270.0,
      "hold_seconds": 1200, "hold_avg_seconds": 30.0, "wrap_seconds": 2400,
      "wrap_avg_seconds": 60.0}),
    # without hold and wrap: 100 s / 3 = 33.33 s -> 33.3
    ("aht", "--talk 100 --contacts 3", 33.3, "100/3", 3,
     {"total_seconds": 100, "talk_seconds": 100, "talk_avg_seconds": 33.3, "hold_seconds": 0,
      "hold_avg_seconds": 0.0, "wrap_seconds": 0, "wrap_avg_seconds": 0.0}),
    # 7 / 8 = 87.5 %
    ("fcr", "--resolved-first 7 --total 8", 87.5, "175/2", 8, {"resolved_first": 7, "total": 8}),
    # a part equal to its whole is allowed: 100 %
    ("fcr", "--resolved-first 8 --total 8", 100.0, "100", 8, {"resolved_first": 8, "total": 8}),
    # 55 / 1000 = 5.5 %
    ("churn", "--start 1000 --lost 55", 5.5, "11/2", 1000, {"lost": 55, "start": 1000}),
    # kept = 1100 - 200 = 900 of 1000 = 90 %, lost 100
    ("retention", "--start 1000 --end 1100 --new 200", 90.0, "90", 1000,
     {"start": 1000, "end": 1100, "new": 200, "kept": 900, "lost": 100}),
    # every customer kept (kept = start is allowed): 100 %, lost 0
    ("retention", "--start 10 --end 12 --new 2", 100.0, "100", 10,
     {"start": 10, "end": 12, "new": 2, "kept": 10, "lost": 0}),
    # 90 / 96 = 93.75 % -> 93.8 (half away from zero)
    ("qos", "--handled 90 --received 96", 93.8, "375/4", 96, {"handled": 90, "received": 96}),
    # 5 / 96 = 5.2083 % -> 5.2
    ("abandonment", "--abandoned 5 --offered 96", 5.2, "125/24", 96,
     {"abandoned": 5, "offered": 96}),
    # 77 / 96 = 80.208 % -> 80.2
    ("service-level", "--answered-within 77 --offered 96 --threshold 20s", 80.2, "1925/24", 96,
     {"answered_within": 77, "offered": 96, "threshold_seconds": 20}),
    ("service-level", "--answered-within 77 --offered 96", 80.2, "1925/24", 96,
     {"answered_within": 77, "offered": 96}),
    # 1 h = 3,600 s of waiting / 96 answered = 37.5 s
    ("asa", "--total-wait 1h --answered 96", 37.5, "75/2", 96,
     {"total_wait_seconds": 3600, "answered": 96}),
    # 6 h / 7 h = 85.714 % -> 85.7; times in seconds, no n (no count involved)
    ("occupancy", "--handle-time 6h --available-time 7h", 85.7, "600/7", None,
     {"handle_time": 21600, "available_time": 25200}),
    # 150 contacts / 1000 orders = 15 %
    ("contact-rate", "--contacts 150 --orders 1000", 15.0, "15", 1000,
     {"contacts": 150, "orders": 1000, "per": "orders"}),
    # more contacts than customers is allowed: 30 / 20 = 150 %
    ("contact-rate", "--contacts 30 --customers 20", 150.0, "150", 20,
     {"contacts": 30, "customers": 20, "per": "customers"}),
    # 5 / 200 = 2.5 %
    ("conversion", "--conversions 5 --leads 200", 2.5, "5/2", 200,
     {"conversions": 5, "leads": 200, "per": "leads"}),
    ("conversion", "--conversions 5 --visitors 8", 62.5, "125/2", 8,
     {"conversions": 5, "visitors": 8, "per": "visitors"}),
    # 80 / 96 = 83.33 % -> 83.3
    ("resolution-rate", "--resolved 80 --total 96", 83.3, "250/3", 96,
     {"resolved": 80, "total": 96}),
    # 30 / 96 = 31.25 % -> 31.3 (half away from zero)
    ("self-service", "--self-served 30 --total 96", 31.3, "125/4", 96,
     {"self_served": 30, "total": 96}),
    # 10 + 50 - 45 = 15 open, net change 50 - 45 = +5
    ("backlog", "--open-start 10 --new 50 --resolved 45", 15, "15", None,
     {"open_start": 10, "new": 50, "resolved": 45, "net_change": 5}),
    # everything resolved (resolved = open + new is allowed): 0, net change -10
    ("backlog", "--open-start 10 --new 5 --resolved 15", 0, "0", None,
     {"open_start": 10, "new": 5, "resolved": 15, "net_change": -10}),
    # 10,000 / 300 = 33.333 -> 33.33
    ("arpu", "--revenue 10000 --users 300", 33.33, "100/3", 300, {"revenue": 10000, "users": 300}),
    # margin 20 / churn 3 % = 20 x 100 / 3 = 666.67; lifetime 100 / 3 = 33.33 periods
    ("clv", "--margin 20 --churn 3", 666.67, "2000/3", None,
     {"method": "margin / churn", "margin": 20, "churn_pct": 3, "lifetime": 33.33}),
    # 12.5 x 18 = 225
    ("clv", "--arpu 12.5 --lifetime 18", 225.0, "225", None,
     {"method": "arpu x lifetime", "arpu": 12.5, "lifetime": 18}),
    # 81 / 263 = 30.798 % -> 30.8; on a 7-point scale the satisfied answers are 6 and 7
    ("csat", "--satisfied 81 --responses 263 --scale 7", 30.8, "8100/263", 263,
     {"satisfied": 81, "satisfied_values": [6, 7], "scale": 7, "mean": None,
      "confidence_pct": 95}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("metric", "args", "value", "fraction", "n", "details"),
    CASES,
    ids=[f"{case[0]}:{case[1]}" for case in CASES],
)
def test_whole_result(
    metric: str, args: str, value: object, fraction: str, n: int | None, details: object
) -> None:
    out = compute(metric, parse_args(metric, args.split())).to_json()
    assert (out["value"], out["exact_fraction"], out["n"]) == (value, fraction, n)
    assert out["details"] == details


ERRORS = [
    ("tud", "--ultra-detractors 0 --responses 0", "--responses is 0: no responses, so there is no rate"),
    ("tud", "--ultra-detractors 3 --responses 2", "--ultra-detractors (3) is above --responses (2)"),
    ("tud", "--ultra-detractors 3", "metric tud needs --responses"),
    ("tud", "", "metric tud needs --ultra-detractors and --responses, or --scores, or --file"),
    ("tud", "--scores 1 --responses 2", "give --scores or --responses, not both"),
    ("csat", "--satisfied 1 --responses 0", "--responses is 0: no responses, so there is no rate"),
    ("csat", "--satisfied 3 --responses 2", "--satisfied (3) is above --responses (2)"),
    ("aht", "--talk 10 --contacts 0", "--contacts is 0: no contacts, so there is no average"),
    ("asa", "--total-wait 10 --answered 0",
     "--answered is 0: no contacts answered, so there is no average wait"),
    ("occupancy", "--handle-time 1h --available-time 0", "--available-time is 0: no time available"),
    ("occupancy", "--handle-time 2h --available-time 1h",
     "--handle-time (7200) is above --available-time (3600)"),
    ("fcr", "--resolved-first 1 --total 0", "--total is 0: no contacts, so no rate"),
    ("churn", "--lost 1 --start 0", "--start is 0: no customers at the start, so no churn rate"),
    ("qos", "--handled 1 --received 0", "--received is 0: no contacts received, so no rate"),
    ("abandonment", "--abandoned 1 --offered 0", "--offered is 0: no contacts offered, so no rate"),
    ("service-level", "--answered-within 1 --offered 0",
     "--offered is 0: no contacts offered, so no rate"),
    ("resolution-rate", "--resolved 1 --total 0", "--total is 0: no tickets, so no rate"),
    ("self-service", "--self-served 1 --total 0", "--total is 0: no requests, so no rate"),
    ("contact-rate", "--contacts 1 --customers 0", "--customers is 0: no customers, so no contact rate"),
    ("contact-rate", "--contacts 1", "metric contact-rate needs --customers or --orders"),
    ("contact-rate", "--contacts 1 --customers 2 --orders 3",
     "metric contact-rate takes --customers or --orders, not both"),
    ("conversion", "--conversions 1 --leads 0", "--leads is 0: no leads, so no conversion rate"),
    ("retention", "--start 0 --end 1 --new 0",
     "--start is 0: no customers at the start, so no retention rate"),
    ("retention", "--start 10 --end 5 --new 6", "--new (6) is above --end (5)"),
    ("retention", "--start 10 --end 15 --new 4",
     "--end minus --new (11) is above --start (10): more customers kept than there were"),
    ("backlog", "--open-start 1 --new 2 --resolved 4",
     "--resolved (4) is above --open-start plus --new (3)"),
    ("arpu", "--revenue 10 --users 0", "--users is 0: no users, so no average revenue per user"),
    ("clv", "--margin 20 --churn 0",
     "--churn is 0: customers never leave, so the lifetime value is unbounded"),
    ("clv", "--arpu 1 --churn 2", "use --arpu with --lifetime, or --margin with --churn, not a mix"),
    ("clv", "", "metric clv needs --arpu and --lifetime, or --margin and --churn"),
    ("clv", "--arpu 1", "metric clv needs --lifetime"),
    ("nps", "--promoters 1", "metric nps needs --passives and --detractors"),
    ("nps", "", "metric nps needs --promoters, --passives and --detractors, or --scores, or --file"),
    ("nps", "--promoters 0 --passives 0 --detractors 0",
     "no responses: the NPS needs at least one answer"),
    ("ces", "--scale 5", "metric ces needs --scores, or --file"),
    ("ces", "--scores 3 --scale 6", "--scale: 6 is not a scale ces supports (5 or 7)"),
    ("csat", "--scores 3 --scale 11", "--scale: 11 is not a scale csat supports (between 3 and 10)"),
    ("csat", "--scores 6 --scale 5", "--scores: 6 is outside the 1-5 scale"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("metric", "args", "message"), ERRORS, ids=[e[0] + ":" + e[1] for e in ERRORS]
)
def test_error_word_for_word(metric: str, args: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        compute(metric, parse_args(metric, args.split()))
    assert info.value.message == message
