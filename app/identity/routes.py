"""E-ID pages: start a sign-in (or a link, when signed in), the provider's callback, unlinking.

Load -> authorize -> validate -> call a service -> commit once -> redirect. The callback is the one address
without a locale (the operator registers it with the provider); the locale of the page that started is kept.
"""

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from app.accounts import services as accounts
from app.accounts.login import sign_in, start_second_step
from app.core.urls import external_url, local_path
from app.extensions import csrf, db, limiter
from app.identity import demo, registry, services
from app.identity.blueprint import bp, callback_bp
from app.identity.forms import UnlinkForm
from app.identity.providers import IdentityError, VerifiedIdentity

#: The cookie session's key for a sign-in under way: the page's locale and where to go afterwards.
FLOW = "ovoz_eid_flow"
#: What a form_post answer carries that the query of the callback may carry on.
ANSWER = ("code", "state", "error", "error_description", "iss")

#: Every answer from a provider is limited per address like sign-ins (it is one, and a code costs a request to
#: the provider); both methods, since a form_post answer is a POST and a query answer a GET.
limit_callback = limiter.limit(lambda: current_app.config["OVOZ_RATELIMIT_LOGIN"])


@bp.route("/account/eid/<name>")
def start(name):
    """Send the person to the provider: to sign in, or, signed in, to link their e-ID to this account."""
    provider = registry.provider(name) or abort(404)
    session[FLOW] = {"lang": str(get_locale()), "next": local_path(request.args.get("next"))}
    try:
        return provider.begin(external_url("identity_callback.callback", name=name))
    except IdentityError as error:
        flash(str(error), "error")
        return redirect(url_for("accounts.profile" if current_user.is_authenticated else "accounts.login"))


# Exempt from our CSRF token on purpose: with response_mode=form_post the provider's page posts the answer here,
# and it cannot know our token. The answer is bound to this browser by its `state`, which Authlib checks against
# the cookie session on the GET this POST leads to (a login CSRF with someone else's code fails there).
@csrf.exempt
@callback_bp.route("/eid/<name>/callback", methods=["GET", "POST"])
@limit_callback
def callback(name):
    provider = registry.provider(name) or abort(404)
    # ASAN Login hands its token to a script, not to this address: a page of ours fetches it and posts it here,
    # same-site (so with the session cookie), and a token must not travel on in a URL.
    relay = getattr(provider, "relay", None)
    if request.method == "POST" and relay is None:
        # A form_post arrives as a cross-site POST, which does not carry our SameSite=Lax session cookie, so the
        # state kept in the session cannot be checked here. One hop to the GET callback, a top-level navigation
        # that carries it. The code in that URL is what response_mode=query sends anyway: it works once, and only
        # with our PKCE verifier and client secret.
        answer = {key: request.form[key] for key in ANSWER if key in request.form}
        return redirect(url_for("identity_callback.callback", name=name, **answer), 303)
    flow = session.get(FLOW) or {}
    lang = flow.get("lang") if flow.get("lang") in current_app.config["LOCALES"] else str(get_locale())
    with force_locale(lang):
        if relay is not None and (page := relay()) is not None:
            return page
        session.pop(FLOW, None)
        try:
            identity = provider.finish()
            return _arrive(identity, lang, flow.get("next"))
        except IdentityError as error:
            db.session.rollback()
            flash(str(error), "error")
        except IntegrityError:  # the same person arrived twice at once: the first one stands
            db.session.rollback()
            flash(
                _("This e-ID is already linked to another Ovoz account. One person can have one verified account."),
                "error",
            )
        page = "accounts.profile" if current_user.is_authenticated else "accounts.login"
        return redirect(url_for(page, lang_code=lang))


def _arrive(identity: VerifiedIdentity, lang: str, next_url: str | None):
    """Link (signed in), sign in (a known person), or make an account (a new one)."""
    if current_user.is_authenticated:
        services.link(current_user, identity)
        db.session.commit()
        flash(_("Your e-ID is linked to your account."), "success")
        return redirect(url_for("accounts.profile", lang_code=lang))
    user = services.user_of(identity)
    if user is None and identity.email is None:  # the person chooses an address and confirms it, as everyone does
        session[services.PENDING] = services.pending(identity)
        flash(
            _("Your e-ID is verified. Create your account with an e-mail address; we will link the e-ID to it."), "info"
        )
        return redirect(url_for("accounts.register", lang_code=lang))
    if user is None:
        user = services.create_account(identity, lang)
    if not user.is_active:
        raise IdentityError(_("This account is disabled."))
    if not user.is_confirmed:
        raise IdentityError(_("Please confirm your e-mail address first: we have sent you a link."))
    if user.has_two_factor:  # the e-ID replaces the password, not the second step
        start_second_step(user, False, next_url)
        db.session.commit()
        return redirect(url_for("accounts.login_code", lang_code=lang))
    services.record_sign_in(user, identity)
    accounts.record_login(user)
    sign_in(user, remember=False)
    db.session.commit()
    flash(_("Welcome, %(name)s.", name=user.display_name), "success")
    return redirect(local_path(next_url) or url_for("main.index", lang_code=lang))


# A GET form, as a provider's page may be: it changes nothing in Ovoz, and the code it hands out is bound to the
# browser that started by the state, which finish() checks against that browser's session.
@bp.route("/eid/demo/authorize")
def demo_authorize():
    """The demo e-ID service's own page (a real one is on its own site): be a demo person, or type a number."""
    provider = registry.provider(demo.NAME) or abort(404)
    state = request.args.get("state", "")[:100]
    person, error = demo.chosen(request.args)
    if person is not None:
        try:
            return redirect(provider.answer(state, person))
        except IdentityError as refused:
            flash(str(refused), "error")
    return render_template(
        "identity/demo_authorize.html",
        people=demo.PEOPLE,
        countries=demo.COUNTRIES,
        state=state,
        error=error,
        typed=request.args.get("number", "")[:100],
    )


@bp.route("/account/eid/unlink", methods=["POST"])
@login_required
def unlink():
    if UnlinkForm().validate_on_submit():
        try:
            services.unlink(current_user)
        except IdentityError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Your e-ID is no longer linked to your account."), "success")
    return redirect(url_for("accounts.profile"))
