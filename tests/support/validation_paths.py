"""The three ways warkg validates, as `validation.api.validate` options: plain pySHACL
(with the spec corrections), accelerated, and shared out among forked workers (forced
on small graphs with `workers=2`)."""

from __future__ import annotations

PATHS = {
    "plain": {"accelerate": False, "workers": 1},
    "accelerated": {"accelerate": True, "workers": 1},
    "parallel": {"accelerate": True, "workers": 2},
}
