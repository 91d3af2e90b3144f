"""A small stand-in for Azerbaijan's ASAN Login, speaking what its integrators' public code uses.

`/auth?origin=…` is its sign-in page: the form names who signs in, then ASAN keeps the sign-in in a cookie of its
own and sends the browser back to `origin`. `/ssoauthz/api/v1/token` gives that browser its token (a JWT signed with
the fake's key, the person in `main.person`), and lets a script of `site` alone read it (CORS with credentials);
`/token/check` says whether a token holds; `/token/certs` publishes the public key. People are set with `person()`,
including the wrong ones: an expired token, a token signed with another key, a token without a FIN, a token ASAN no
longer knows (signed out).
"""

import secrets
import time

from flask import Flask, jsonify, make_response, redirect, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from markupsafe import escape

COOKIE = "asan_sso"


class FakeAsan:
    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "asan-1"}, private=True)
        self.forger = RSAKey.generate_key(2048, parameters={"kid": "asan-1"}, private=True)  # same kid, other key
        self.people: dict[str, dict] = {}
        self.signed_in: dict[str, str] = {}  # ASAN's cookie -> who
        self.signed_out: set[str] = set()  # tokens ASAN no longer confirms
        self.checked: list[str] = []  # every token sent to /token/check
        self.site: str | None = None  # the one origin whose scripts may fetch a token with ASAN's cookie
        self.app = self._app()

    def rotate(self) -> None:
        """Sign with a new key from now on (and publish only that one)."""
        kid = f"asan-{secrets.token_hex(4)}"
        self.key = RSAKey.generate_key(2048, parameters={"kid": kid}, private=True)

    def person(self, who: str, pin: str | None, name="Aysel", surname="Mammadova", **how) -> None:
        """Who signs in as `who`; `how`: expired=True, forged=True, signed_out=True."""
        self.people[who] = {"pin": pin, "name": name, "surname": surname, **how}

    def token(self, who: str) -> str:
        spec = self.people[who]
        person = {key: spec[key] for key in ("pin", "name", "surname") if spec[key] is not None}
        now = int(time.time())
        claims = {"jti": secrets.token_hex(8), "iat": now, "exp": now - 60 if spec.get("expired") else now + 600}
        claims["main"] = {"person": person}
        key = self.forger if spec.get("forged") else self.key
        token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        if spec.get("signed_out"):
            self.signed_out.add(token)
        return token

    def _holds(self, token: str) -> bool:
        try:
            decoded = jwt.decode(token, self.key, algorithms=["RS256"])
            jwt.JWTClaimsRegistry(exp={"essential": True}).validate(decoded.claims)
        except (JoseError, ValueError):
            return False
        return token not in self.signed_out

    def _app(self) -> Flask:
        app = Flask("fake_asan")

        @app.get("/auth")
        def auth():
            origin = escape(request.args.get("origin", ""))
            return (
                '<!doctype html><title>ASAN Login</title><form method="post"><label>Who <input name="who"></label>'
                f'<input type="hidden" name="origin" value="{origin}"><button>Sign in at ASAN Login</button></form>'
            )

        @app.post("/auth")
        def sign_in():
            session_id = secrets.token_urlsafe(16)
            self.signed_in[session_id] = request.form["who"]
            response = redirect(request.form["origin"])
            response.set_cookie(COOKIE, session_id, httponly=True)
            return response

        @app.get("/ssoauthz/api/v1/token")
        def token():
            who = self.signed_in.get(request.cookies.get(COOKIE, ""))
            if who is None:
                response = make_response(jsonify(status=401), 401)
            else:
                response = jsonify(status=200, data={"token": self.token(who)})
            if self.site and request.headers.get("Origin") == self.site:  # any other site's script reads nothing
                response.headers["Access-Control-Allow-Origin"] = self.site
                response.headers["Access-Control-Allow-Credentials"] = "true"
                response.headers["Vary"] = "Origin"
            return response

        @app.get("/ssoauthz/api/v1/token/check")
        def check():
            token = request.headers.get("Authorization", "")
            self.checked.append(token)
            if self._holds(token):
                return jsonify(status=200)
            return make_response(jsonify(status=401, message="token is not valid"), 401)

        @app.get("/ssoauthz/api/v1/token/certs")
        def certs():
            return jsonify(KeySet([self.key]).as_dict(private=False))

        return app
