"""The checker's rules, one module per theme. A rule is a function registered with
`@page_rule` (once per page) or `@corpus_rule` (once over all pages), see check/runner.py."""
