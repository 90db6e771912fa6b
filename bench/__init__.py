"""The benchmark suite: ``python -m bench.run`` (``make bench``).

Figures are reported, never asserted: every figure has a baseline measured in the same
run on the same machine, and the report gives ratios.
"""
