"""The demo: invented cases for trying fieldcase and for screenshots, added through the services.

``build`` fills a store from ``data/demo_cases.toml``; ``risk``, ``visits``,
``abcs`` and ``protection`` add the assessments, visits, contracts and
consents that the cases alone do not carry.
"""
