"""Group claims that state the same fact in different sources, and judge each group.

Why it is built this way:

- Comparison reads claim frames (`kcheck.frame`), built once at ingest: no spaCy and no
  English parsing here, so queries stay fast and every pair reads finished values.
- `cluster`: candidates come from blocking, never from all pairs; a pair is scored by the
  IDF-weighted overlap of its words (`features`), and each conflict kind's rule may veto it
  (two facts, however alike the words) or raise it (one fact, however different the words);
  groups grow by average linkage under a cap of one claim per source.
- `rules`: one module per conflict kind (number, date, negation, actor, role), each giving
  the keys it needs, how it links two claims and how it judges them. A verdict compares
  slots, not strings: an embedding cannot tell "mediated" from "refused to mediate".
- `copies`: a source that copies another corroborates nothing.
- `stories`: sources that name the same places, people and bodies tell one story; claims of
  two stories are never compared, however alike their words.
"""

from kcheck.compare.cluster import BLOCK_DF, comparison_keys, group_claims, group_claims_with_keys, slot_keys
from kcheck.compare.copies import derivations
from kcheck.compare.features import Index, Profile, profile_similarity
from kcheck.compare.model import Conflict
from kcheck.compare.rules import SLOT_PREFIXES
from kcheck.compare.verdict import Group, find_conflicts

__all__ = [
    "BLOCK_DF",
    "SLOT_PREFIXES",
    "Conflict",
    "Group",
    "Index",
    "Profile",
    "comparison_keys",
    "derivations",
    "find_conflicts",
    "group_claims",
    "group_claims_with_keys",
    "profile_similarity",
    "slot_keys",
]
