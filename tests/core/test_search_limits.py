"""A search by meaning runs the model, so it is limited per address; pages without a search are not."""

from tests.helpers import text


def test_searches_by_meaning_are_limited_per_address_and_plain_lists_are_not(app, client):
    app.config["OVOZ_RATELIMIT_SEARCH"] = "2 per minute"
    assert [client.get("/ru/petitions", query_string={"q": "инсулин"}).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/ru/petitions").status_code == 200, "the list without a search is not limited"
    refused = client.get("/ru/petitions", query_string={"q": "инсулин"})
    assert refused.status_code == 429 and "Слишком много запросов" in text(refused), "said in the reader's language"
    other = app.test_client()
    assert (
        other.get("/ru/petitions", query_string={"q": "x"}, environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code
        == 200
    )


def test_similar_petitions_while_typing_are_limited_too(app, client):
    app.config["OVOZ_RATELIMIT_SEARCH"] = "1 per minute"
    similar = "/en/petitions/similar"
    assert client.get(similar, query_string={"title": "Insulin", "request": "x" * 5000}).status_code == 200
    assert client.get(similar, query_string={"title": "Insulin"}).status_code == 429
