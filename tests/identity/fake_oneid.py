"""A small local OneID (sso.egov.uz) for the tests: its one endpoint, its three requests, and its refusals.

The requests and the profile's fields are as the public integrations of OneID describe them (README, "Uzbekistan
OneID"). How the real service refuses is not publicly documented, so the fake refuses both ways a client must
survive: the code exchange with HTTP 400 and an OAuth `error`, the identify request with HTTP 200 and a `ret_cd`
other than 0. Codes work once; codes and tokens expire after `code_lifetime` and `token_lifetime` seconds.
"""

import secrets
import time
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from markupsafe import escape

#: The one endpoint: the browser's redirect (GET) and both exchanges (POST).
PATH = "/sso/oauth/Authorization.do"
#: The fake's own sign-in form, which stands for OneID's password, Mobile-ID or e-signature page.
LOGIN = "/sso/oauth/login"


def profile(login: str, pin: str, **changes) -> dict:
    """What OneID answers `one_access_token_identify` with, for a person (user_type I) signed in by password."""
    answer = {
        "valid": "true",
        "validation_method": ["PKCSMETHOD"],
        "pin": pin,
        "user_id": login,
        "full_name": "USENOV AIBEK ALISHER O'G'LI",
        "pport_no": "AA1234567",
        "birth_date": "1990-03-15",
        "first_name": "AIBEK",
        "sur_name": "USENOV",
        "mid_name": "ALISHER O'G'LI",
        "user_type": "I",
        "auth_method": "LOGINPASSMETHOD",
        "legal_info": [],
        "ret_cd": "0",
    }
    return {key: value for key, value in (answer | changes).items() if value is not None}


class FakeOneId:
    """The service: `people` maps a OneID login to its profile; `app` is the WSGI app to serve."""

    def __init__(self, client_id: str, client_secret: str, scope: str):
        self.client = {"client_id": client_id, "client_secret": client_secret}
        self.scope = scope
        self.app = self._app()
        self.reset()

    def reset(self) -> None:
        self.people: dict[str, dict] = {}
        self.codes: dict[str, tuple] = {}  # code -> (login, redirect_uri, expiry)
        self.tokens: dict[str, tuple] = {}  # access token -> (login, expiry)
        self.code_lifetime = 60
        self.token_lifetime = 600

    def _app(self) -> Flask:
        app = Flask(__name__)
        app.add_url_rule(PATH, "authorize", self.authorize, methods=["GET"])
        app.add_url_rule(LOGIN, "login", self.login, methods=["POST"])
        app.add_url_rule(PATH, "exchange", self.exchange, methods=["POST"])
        return app

    def authorize(self):
        """`response_type=one_code`: the sign-in page, for a registered client that sent a state."""
        asked = request.args
        if asked.get("response_type") != "one_code" or asked.get("client_id") != self.client["client_id"]:
            abort(400)
        if not (asked.get("redirect_uri") and asked.get("state") and asked.get("scope") == self.scope):
            abort(400)
        fields = "".join(
            f'<input type="hidden" name="{name}" value="{escape(asked[name])}">' for name in ("redirect_uri", "state")
        )
        return f'<form method="post" action="{LOGIN}">{fields}<input name="login"><button>Kirish</button></form>'

    def login(self):
        """The person signed in: back to the client with a code and its state."""
        login = request.form["login"]
        if login not in self.people:
            abort(400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = (login, request.form["redirect_uri"], time.time() + self.code_lifetime)
        answer = urlencode({"code": code, "state": request.form["state"]})
        return redirect(f"{request.form['redirect_uri']}?{answer}")

    def exchange(self):
        form = request.form
        if any(form.get(key) != value for key, value in self.client.items()):
            return jsonify(error="invalid_client"), 401
        if form.get("grant_type") == "one_authorization_code":
            return self._token(form)
        if form.get("grant_type") == "one_access_token_identify":
            return self._identify(form)
        return jsonify(error="unsupported_grant_type"), 400

    def _token(self, form):
        login, redirect_uri, expiry = self.codes.pop(form.get("code", ""), (None, None, 0))
        if login is None or expiry < time.time() or redirect_uri != form.get("redirect_uri"):
            return jsonify(error="invalid_grant"), 400
        token = secrets.token_urlsafe(16)
        self.tokens[token] = (login, time.time() + self.token_lifetime)
        return jsonify(
            access_token=token,
            token_type="bearer",
            expires_in=self.token_lifetime,
            scope=self.scope,
            refresh_token=secrets.token_urlsafe(16),
        )

    def _identify(self, form):
        login, expiry = self.tokens.get(form.get("access_token", ""), (None, 0))
        if login is None or expiry < time.time() or form.get("scope") != self.scope:
            return jsonify(ret_cd="1")
        return jsonify(self.people[login] | {"sess_id": secrets.token_hex(8)})
