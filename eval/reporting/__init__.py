"""Reporting: a run's figures as tables and a report with plots (tables, report, plots), the README's tables (readme), the decision's report (decision), citation precision and recall (citations)."""
