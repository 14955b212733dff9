"""The models the deeper-analysis chapters compute with: pure functions, each tested against hand-computed values.

A third, small layer beside the two halves: a model reads tables (through :mod:`minsk2020.data.tables` or frames
passed in) and returns numbers; it never draws or renders, so it imports the data half and the shared core, never
:mod:`minsk2020.book`. Chapters call the models; the results tests pin their headline figures.
"""
