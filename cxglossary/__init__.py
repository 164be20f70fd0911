"""cx: a glossary and KPI calculator for customer-service teams."""

__version__ = "0.1.0"
