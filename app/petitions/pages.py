"""What the petition pages show, gathered in one place for the templates."""

from flask import request
from flask_babel import get_locale
from flask_login import current_user

from app.agencies.forms import agency_choices
from app.core.forms import ConfirmForm, positive_int
from app.core.i18n import LOCALE_NAMES
from app.feedback import publicity
from app.geo import current_country
from app.identity import services as identities
from app.petitions import services, signing, thresholds
from app.petitions.forms import SignForm
from app.petitions.labels import CATEGORIES, LISTS, REJECTIONS, SIGNATURE_NOTICES, SORTS, STATES, TIMELINE
from app.petitions.search import Filters


def _choice(value: str, allowed, default: str = "") -> str:
    return value if value in allowed else default


def filters_from_args(args) -> Filters:
    """The list filters from a query string; unknown values are ignored rather than refused."""
    country = current_country()
    region = args.get("region", "")
    return Filters(
        listing=_choice(args.get("list", ""), LISTS, "open"),
        sort=_choice(args.get("sort", ""), SORTS, "signatures"),
        category=_choice(args.get("category", ""), CATEGORIES),
        agency_id=args.get("agency", type=positive_int),
        region=region if country.division(region) else "",
        language=_choice(args.get("language", ""), LOCALE_NAMES),
        query=args.get("q", "").strip()[:300],
    )


def page_context(petition, token: str | None = None, sign_form=None) -> dict:
    """Everything the petition page shows."""
    country = current_country()
    if sign_form is None:
        sign_form = ConfirmForm() if current_user.is_authenticated else SignForm().fill_choices()
    regions = signing.by_region(petition)
    my_signature = signing.signature_of(petition, current_user)
    notice = request.args.get("signature", "")
    return {
        "petition": petition,
        "token": token,
        "notice": SIGNATURE_NOTICES.get(notice),
        "sign_form": sign_form,
        "signable": petition.state in signing.SIGNABLE and (petition.state != "sponsoring" or token),
        "my_signature": my_signature,
        # signed in: by the signature itself; by e-mail: the confirmation link just said so (no session remembers it)
        "signed": (my_signature is not None and my_signature.state == "confirmed")
        or (not current_user.is_authenticated and notice in SIGNATURE_NOTICES),
        "timeline": services.timeline(petition),
        "regions": [
            (country.division(code).name(str(get_locale())) if code else None, count) for code, count in regions
        ],
        "verified": signing.verified_count(petition),
        "needs_eid": signing.needs_eid(),
        "has_eid": current_user.is_authenticated and identities.linked_identity(current_user) is not None,
        "next_threshold": thresholds.next_threshold(petition),
        "sponsors_needed": thresholds.sponsors_needed(petition),
        "may_respond": services.may_respond(current_user, petition),
        "may_moderate": services.may_moderate(current_user, petition),
        "may_send_on": services.may_send_on(current_user, petition) and not services.answered(petition),
        "group": publicity.petition_group(petition),
        "is_author": current_user.is_authenticated and current_user.id == petition.author_id,
        "labels": {"categories": CATEGORIES, "states": STATES, "rejections": REJECTIONS, "timeline": TIMELINE},
        "country": country,
    }


def listing_context(filters, page, args) -> dict:
    """Everything the list page shows besides the petitions."""
    return {
        "page": page,
        "filters": filters,
        "lists": LISTS,
        "sorts": SORTS,
        "states": STATES,
        "categories": CATEGORIES,
        "agencies": [(choice.value, choice.label) for choice in agency_choices("")[1:]],
        "country": current_country(),
        "pager_args": {key: value for key, value in args.items() if key != "page"},
    }
