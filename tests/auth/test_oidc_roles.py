"""A single-sign-on user's role: the mapping wins, then the claim, then the default; nothing is guessed."""

from core.auth.oidc_roles import display_name, role_from_claims


def test_mapping_claim_default():
    cfg = {"claim": "groups", "default": "viewer", "users": {"Zhang@Example.org": "admin"}}
    assert role_from_claims({"email": "zhang@example.org", "groups": ["viewer"]}, cfg) == "admin"
    assert role_from_claims({"email": "li@example.org", "groups": ["viewer", "analyst", "x"]}, cfg) == "analyst"
    assert role_from_claims({"email": "li@example.org", "groups": "superuser"}, cfg) == "viewer"
    assert role_from_claims({"sub": "s1"}, {"default": ""}) is None                  # refused, not guessed
    assert role_from_claims({"sub": "s1", "djcx_role": "analyst"}, None) == "analyst"
    assert display_name({"sub": "s1", "email": "a@b.cn"}) == "a@b.cn" and display_name({}) == "?"
