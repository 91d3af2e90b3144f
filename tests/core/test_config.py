"""Settings read from the environment."""

import pytest

from config import load_config


def test_links_lead_to_the_port_served_on_unless_a_base_url_is_set(tmp_path):
    assert load_config(tmp_path, {"PORT": "5093"})["OVOZ_BASE_URL"] == "http://127.0.0.1:5093"
    assert load_config(tmp_path, {})["OVOZ_BASE_URL"] == "http://127.0.0.1:5000"
    chosen = {"PORT": "5093", "OVOZ_BASE_URL": "https://ovoz.example.gov"}
    assert load_config(tmp_path, chosen)["OVOZ_BASE_URL"] == "https://ovoz.example.gov"


def test_an_e_id_provider_in_production_needs_its_own_hash_key(tmp_path):
    production = {"OVOZ_ENV": "production", "OVOZ_SECRET_KEY": "s" * 48}
    assert load_config(tmp_path, production)["OVOZ_OIDC_ISSUER"] == ""  # no provider: nothing more to set
    with_provider = production | {"OVOZ_OIDC_ISSUER": "https://esia.tunduk.kg", "OVOZ_OIDC_CLIENT_ID": "ovoz"}
    with pytest.raises(RuntimeError, match="OVOZ_IDENTITY_HASH_KEY"):
        load_config(tmp_path, with_provider)
    settings = load_config(tmp_path, with_provider | {"OVOZ_IDENTITY_HASH_KEY": "k" * 48})
    assert (settings["OVOZ_OIDC_CLIENT_ID"], settings["OVOZ_OIDC_ID_CLAIM"]) == ("ovoz", "pin")
    with pytest.raises(RuntimeError, match="OVOZ_OIDC_RESPONSE_MODE"):
        load_config(tmp_path, {"OVOZ_OIDC_RESPONSE_MODE": "fragment"})


def test_oneid_needs_its_client_and_in_production_https_and_the_hash_key(tmp_path):
    oneid = {"OVOZ_ONEID_URL": "https://sso.egov.uz/sso/oauth/Authorization.do", "OVOZ_ONEID_CLIENT_ID": "portal"}
    with pytest.raises(RuntimeError, match="OVOZ_ONEID_CLIENT_SECRET, OVOZ_ONEID_SCOPE must be set"):
        load_config(tmp_path, oneid)
    oneid |= {"OVOZ_ONEID_CLIENT_SECRET": "secret", "OVOZ_ONEID_SCOPE": "portal"}
    assert load_config(tmp_path, oneid)["OVOZ_ONEID_NAME"] == "OneID"
    production = oneid | {"OVOZ_ENV": "production", "OVOZ_SECRET_KEY": "s" * 48}
    with pytest.raises(RuntimeError, match="OVOZ_IDENTITY_HASH_KEY"):
        load_config(tmp_path, production)
    production |= {"OVOZ_IDENTITY_HASH_KEY": "k" * 48}
    assert load_config(tmp_path, production)["OVOZ_ONEID_SCOPE"] == "portal"
    with pytest.raises(RuntimeError, match="https"):
        load_config(tmp_path, production | {"OVOZ_ONEID_URL": "http://sso.egov.uz/sso/oauth/Authorization.do"})
