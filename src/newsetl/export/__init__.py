"""``newsetl export``: a portable, self-describing snapshot of a warehouse for analysts.

* :mod:`newsetl.export.layout` — which tables travel, where their files go, how they are sorted
  and filtered (pure);
* :mod:`newsetl.export.datapackage` — ``datapackage.json`` (Frictionless Data Package) from the
  contracts (pure);
* :mod:`newsetl.export.datasheet` — ``README.md``, the dataset's datasheet (pure);
* :mod:`newsetl.export.snapshot` — reads one commit of the warehouse and writes the folder
  atomically (the I/O).
"""
