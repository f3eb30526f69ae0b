"""The national formats in one place: section titles and variants, table labels, format signals, text normalisation.

Importers and checks read the same objects from here, so what an importer
accepts as a heading is what a check accepts as a title.
"""
