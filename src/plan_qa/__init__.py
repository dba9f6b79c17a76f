"""plan-qa: search and grounded answers over Vietnamese provincial plans."""
