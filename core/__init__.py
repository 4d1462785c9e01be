"""The shared kernel: rules every app relies on (personal-data detection, ...).

Nothing here imports another app of the project; apps import ``core``.
"""
