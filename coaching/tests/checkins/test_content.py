"""Check-in texts are coaching content: a marker in every content field (engagements' and
check-ins') appears on no page that someone who is not a party can open (the engagements' pages
and the check-ins'), and the parties read the check-ins' on their page, so the test can fail."""

import pytest
from django.urls import reverse

from coaching.models import CONTENT_FIELDS, CheckIn
from coaching.tests.casts import cast_layer
from coaching.tests.engagements.test_content import MARK, NON_PARTIES, body, marker, pages

from . import world
from .cases import CASES


@cast_layer
def marked(cast):
    w = world.build(cast)
    for model, field in CONTENT_FIELDS:
        model.objects.exclude(**{field: ""}).update(**{field: marker(model, field)})
    return w


def test_the_check_ins_texts_are_in_the_content_table():
    assert {(CheckIn, "text"), (CheckIn, "answer")} <= set(CONTENT_FIELDS)


@pytest.mark.parametrize("actor", NON_PARTIES)
def test_no_check_in_text_reaches_a_page_of_someone_not_a_party(actor, marked, client_for):
    client = client_for(getattr(marked, actor))
    urls = set(pages(marked, actor)) | {c.url(marked) for c in CASES if c.method == "get"}
    urls |= {reverse("coaching:my_engagements")}
    seen = 0
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen += 1
        assert MARK not in body(response), f"{actor} read coaching content on {url}"
    assert seen >= 2


@pytest.mark.parametrize("party", ["coach_a", "coachee"])
def test_the_parties_read_the_check_ins_and_answers(party, marked, client_for):
    text = (
        client_for(getattr(marked, party))
        .get(reverse("coaching:checkin_list", args=[marked.individual.pk]))
        .content.decode()
    )
    assert marker(CheckIn, "text") in text
    assert marker(CheckIn, "answer") in text
