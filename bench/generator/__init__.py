"""Synthetic annual reports with known answers.

Real reports are few; this package draws realistic ones from a seed (``model``), prints them in
every layout the readers must handle (``render_*``), and writes the ground truth the scorer reads
(``write``). ``python -m bench.generator --out DIR --n N`` makes a scorable folder.
"""
