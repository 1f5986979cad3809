"""Shared building blocks (time, text, i18n, search, forms, pagination) and the pages that span
features (home, search). Importing this package imports no feature; the blueprint lives in
`app.core.routes` so that models can use the helpers here without import cycles."""
