"""Synthetic annual reports with known answers.

Real reports are few; this package draws realistic ones from a seed (``model``), prints them in
every layout the readers must handle (``render_*``), and writes the ground truth the scorer reads
(``write``). ``python -m bench.generator --out DIR --n N [--layouts ...]`` makes a scorable folder;
``python -m bench.generator.roundtrip --layouts layout,md_ocr --n 200`` prints recall, precision,
silent cells, flagged defects and the warning rate on clean reports per layout.

Layouts: ``tab``, ``cells``, ``md``, ``flat`` (text as seeds and corpus show it), ``layout``
(a ``pdftotext -layout`` dump, ``render_layout``), ``md_ocr`` (OCR / LLM converter markdown,
``render_md_ocr``), ``html``, ``docx``, ``pdf``, ``scan``. Every layout prints the report's unit
and change notation (``printed``): amounts in 元 / 万元 / 4-decimal 万元 / 千元 with the unit in the
header, the row label, the cell or nowhere, and changes as ``+3``, ``增1423``, ``增50减1``, ``5/2``,
``+5/-1``. ``draw_report(..., messy=False)`` keeps to the forms read before issue 10 (the classic
round trips); a valid report whose non-zero amount prints no unit is ``must_flag=either``.
"""
