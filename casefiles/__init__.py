"""An office's history brought in (import_cases): historical cases as closed letters with their real dates."""
