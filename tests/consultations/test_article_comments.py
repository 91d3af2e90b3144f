"""A provision's comments on its page: ten a page, newest or most supported first, by plain links that work without
JavaScript; how many there are in all; replies folded, and open when a link or a reply just written points into them;
after writing, the page that shows what one wrote."""

from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html
from sqlalchemy import select

from app.consultations import comments
from app.consultations.models import Comment
from app.consultations.pages import shortened
from tests.conftest import PASSWORD
from tests.consultations.crowd import crowd, threads_in_order
from tests.helpers import text

PER = comments.PER_PAGE
THREADS, REPLIES = 2 * PER + 5, 4  # three pages


@pytest.fixture
def discussion(app, make_consultation, make_user):
    return crowd(app, make_consultation, make_user, threads=THREADS, replies=REPLIES)


def _newest(comment):
    return comment.created_at, comment.id


def _supported(comment):
    return comment.agree, comment.created_at, comment.id


def _url(consultation, article) -> str:
    return f"/en/consultations/{consultation.id}/provisions/{article.id}"


def _page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, url
    return html.fromstring(text(response))


def _threads(page) -> list[int]:
    return [int(node.get("id").removeprefix("comment-")) for node in page.xpath('//article[@class="comment"]')]


def _replies_of(page, comment_id: int):
    (details,) = page.xpath(f'//article[@id="comment-{comment_id}"]//details[@class="replies"]')
    return details


def _next(page) -> str:
    (link,) = page.xpath('//nav[@class="pager"]/a[@rel="next"]')
    return link.get("href")


def _signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def test_ten_a_page_newest_first_and_the_heading_counts_every_comment(client, discussion):
    consultation, article = discussion
    newest = threads_in_order(article, _newest)
    first = _page(client, _url(consultation, article))
    assert _threads(first) == newest[:PER]
    heading = first.get_element_by_id("comments-heading").text_content()
    every = comments.counts_by_lineage(consultation)[article.lineage_id]
    assert every == THREADS + REPLIES and heading.strip() == f"{every} comments", "all of them, not this page's"
    assert "Page 1 of 3" in first.xpath('string(//nav[@class="pager"])')
    assert parse_qs(urlsplit(_next(first)).query) == {"sort": ["newest"], "page": ["2"]}
    second = _page(client, _next(first))
    third = _page(client, _next(second))
    assert _threads(second) == newest[PER : 2 * PER] and _threads(third) == newest[2 * PER :]
    assert not third.xpath('//nav[@class="pager"]/a[@rel="next"]')


def test_most_supported_first_and_the_page_links_keep_the_order(client, discussion):
    consultation, article = discussion
    supported = threads_in_order(article, _supported)
    first = _page(client, _url(consultation, article) + "?sort=supported")
    assert _threads(first) == supported[:PER]
    assert first.xpath('string(//nav[contains(@class, "sort-tabs")]//*[@aria-current])') == "Most supported"
    (newest_link,) = first.xpath('//nav[contains(@class, "sort-tabs")]//a')
    assert parse_qs(urlsplit(newest_link.get("href")).query) == {"sort": ["newest"]}
    assert _threads(_page(client, _next(first))) == supported[PER : 2 * PER]


def test_bad_values_in_the_query_fall_back_to_the_first_page_newest_first(client, discussion):
    consultation, article = discussion
    newest = threads_in_order(article, _newest)
    url = _url(consultation, article)
    for query in (
        "page=0", "page=-3", "page=abc", "page=2147483648", "page=%C2%B2", "page=1e3", "page=x&page=2",
        "sort=oldest", "sort=", "sort=Supported", "sort[]=supported", "comment=abc", "comment=0",
        "comment=99999999999999", "comment=2147483647", "page=&sort=&comment=",
    ):  # fmt: skip
        assert _threads(_page(client, f"{url}?{query}")) == newest[:PER], query
    assert _threads(_page(client, f"{url}?page=500")) == newest[2 * PER :], "past the last page: the last"


def test_replies_are_folded_and_a_link_to_one_opens_its_thread_on_its_page(client, discussion):
    consultation, article = discussion
    newest = threads_in_order(article, _newest)
    url = _url(consultation, article)
    first = _page(client, url)
    assert first.xpath('//details[@class="replies"]'), "anonymous readers see the replies that exist"
    assert not first.xpath('//details[@class="replies"][@open]')
    replies = select(Comment).where(Comment.parent_id.in_(newest[PER:]))
    reply = next(iter(comments.db.session.scalars(replies)))
    page = _page(client, f"{url}?comment={reply.id}")
    assert reply.parent_id in _threads(page) and reply.parent_id not in newest[:PER]
    folded = _replies_of(page, reply.parent_id)
    assert folded.get("open") is not None and folded.xpath(f'.//*[@id="comment-{reply.id}"]')
    assert len(page.xpath('//details[@class="replies"][@open]')) == 1
    assert folded.xpath("string(summary)") == "1 reply"
    last = _page(client, f"{url}?comment={newest[-1]}&sort=newest")
    assert _threads(last) == newest[2 * PER :] and not last.xpath('//details[@class="replies"][@open]')


def test_after_writing_one_lands_where_it_is_shown(app, discussion, make_user):
    consultation, article = discussion
    newest = threads_in_order(article, _newest)
    url = _url(consultation, article)
    writer = _signed_in(app, make_user())
    sent = writer.submit(f"{url}/comments", {"body": "Мӯҳлатро то соли 2029 дароз кунед."}, form_url=url)
    assert sent.status_code == 302
    mine = comments.db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    where = urlsplit(sent.location)
    assert (where.path, where.query, where.fragment) == (url, f"comment={mine.id}", f"comment-{mine.id}")
    landed = html.fromstring(text(writer.get(sent.location)))
    assert _threads(landed)[0] == mine.id, "newest first: on the first page, at the top"
    assert landed.xpath('string(//*[contains(@class, "flash")])').strip() == "Thank you, your comment is published."

    parent = newest[-1]  # on the last page
    replied = writer.submit(f"/en/consultations/comments/{parent}/reply", {"reply": "Ҳамин тавр!"}, form_url=url)
    answer = comments.db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    assert answer.parent_id == parent and replied.location.endswith(f"?comment={answer.id}#comment-{answer.id}")
    landed = html.fromstring(text(writer.get(replied.location)))
    folded = _replies_of(landed, parent)
    assert folded.get("open") is not None and "Ҳамин тавр!" in folded.text_content()

    refused = writer.submit(f"/en/consultations/comments/{parent}/reply", {"reply": " "}, form_url=url)
    assert refused.status_code == 400
    folded = _replies_of(html.fromstring(text(refused)), parent)
    assert folded.get("open") is not None and folded.xpath('.//*[@class="error-message"]')


def test_the_way_to_comment_is_at_the_top(app, client, discussion, make_user):
    consultation, article = discussion
    url = _url(consultation, article)
    page = _page(client, url)
    (jump,) = page.xpath('//p[@class="jump-links"]/a[@class="button"]')
    assert jump.text_content() == "Sign in to comment" and "/account/login" in jump.get("href")
    counted = page.xpath('//p[@class="jump-links"]/a[@href="#comments-heading"]/text()')
    assert counted == [f"{THREADS + REPLIES} comments"]
    page = html.fromstring(text(_signed_in(app, make_user()).get(url)))
    (jump,) = page.xpath('//p[@class="jump-links"]/a[@class="button"]')
    assert jump.get("href") == "#write-heading" and page.get_element_by_id("write-heading") is not None
    assert page.xpath('//*[@id="provision-text"]/preceding::p[@class="jump-links"]'), "above the provision's text"


def test_a_long_comment_shows_its_beginning_and_the_rest_behind_read_more(client, discussion):
    consultation, article = discussion
    page = _page(client, _url(consultation, article))
    long_one = page.xpath('//article[@class="comment"][.//details[@class="read-more"]]')[0]
    shown, rest = long_one.xpath('./p[@class="message-body"] | ./details[@class="read-more"]/p')
    assert rest.getparent().tag == "details" and rest.getparent().get("open") is None
    body = comments.db.session.get(Comment, int(long_one.get("id").removeprefix("comment-"))).submission.body
    assert f"{shown.text_content()} {rest.text_content()}".split() == body.split()


def test_shortened_cuts_a_long_text_where_a_sentence_ends_and_leaves_a_short_one_whole():
    short = "Срок до 2027 года нереалистичный."
    assert shortened(short) == (short, "")
    sentence = "Оилаи мо аз шаш нафар иборат аст. "
    text_ = sentence * 20
    shown, rest = shortened(text_, 200)
    assert len(shown) <= 200 and shown.endswith("аст.") and rest.startswith("Оилаи")
    assert f"{shown} {rest}".split() == text_.split()
    words = "калима " * 100
    shown, rest = shortened(words, 200)
    assert 100 <= len(shown) <= 200 and f"{shown} {rest}".split() == words.split()
    unbroken = "х" * 400
    assert shortened(unbroken, 200) == ("х" * 200, "х" * 200)
    assert shortened("х" * 260, 200) == ("х" * 260, ""), "not worth a click"
