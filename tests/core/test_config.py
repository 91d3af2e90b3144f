"""Settings read from the environment."""

from config import load_config


def test_links_lead_to_the_port_served_on_unless_a_base_url_is_set(tmp_path):
    assert load_config(tmp_path, {"PORT": "5093"})["OVOZ_BASE_URL"] == "http://127.0.0.1:5093"
    assert load_config(tmp_path, {})["OVOZ_BASE_URL"] == "http://127.0.0.1:5000"
    chosen = {"PORT": "5093", "OVOZ_BASE_URL": "https://ovoz.example.gov"}
    assert load_config(tmp_path, chosen)["OVOZ_BASE_URL"] == "https://ovoz.example.gov"
