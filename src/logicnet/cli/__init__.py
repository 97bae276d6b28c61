"""The ``logicnet`` command line (click). Commands parse options, call the
library and print; nothing here computes."""
