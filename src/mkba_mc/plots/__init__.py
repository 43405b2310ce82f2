"""Figures (matplotlib). Imported only on demand: the core never imports matplotlib.

Every function takes a run's Dataset (or an analysis result) and returns a
:class:`matplotlib.figure.Figure`; saving is the caller's choice.
"""
