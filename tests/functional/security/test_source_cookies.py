"""No route of the source interface sets a cookie before it is needed (threat T3: a searched phone).

Every rule of the URL map is asked, with each of its methods and a wrong one, by a browser that
holds no cookie; so are the static files and a missing page. Only the routes below may answer
with a cookie, each for the reason given. test_source_bad_input.py checks the home page on the
live server; this walks everything.
"""

from __future__ import annotations

from tests.factories.routes import SQLITE_ONLY, static_paths, wrong_method
from tipline.services import Services
from tipline.web.source import create_source_app

NEEDS_A_COOKIE = {
    "GET /generate": "the codename on offer must be remembered until the source confirms it (POST /create)",
    "GET /login": "the form's CSRF token is bound to a session: without it, another site could log the "
    "source in to an account of its choosing (login CSRF) and read what the source then sends",
    # POST /submit sets none here: a browser with no cookie at all never had the form, and is refused
    # before its body is read. One whose session ended (it still sends the cookie) gets its text
    # back in a form whose CSRF token needs a session: test_source_lost_work.py.
    "POST /resend": "a message sent again from the page that gave it back (its session ended while the source "
    "typed, JS off) is answered with the text back once more: that form's CSRF token needs a session",
    "GET /?l=": "the language a source picks must hold on the next page; Tor Browser's uniform Accept-Language "
    "cannot carry it, and the links do not repeat ?l=",
}


@SQLITE_ONLY
def test_no_route_sets_a_cookie_before_it_is_needed(services: Services) -> None:
    app = create_source_app(services)
    asked: list[tuple[str, str, str]] = []
    for rule in app.url_map.iter_rules():
        path = rule.rule.replace("<reply_uuid>", "x").replace("<path:filename>", "style.css")
        methods = sorted(((rule.methods or set()) - {"OPTIONS"}) | {wrong_method(app, rule.rule)})
        # HEAD is GET without the body: the same answer, the same cookie.
        asked += [(method, path, f"{method.replace('HEAD', 'GET')} {rule.rule}") for method in methods]
    asked += [("GET", path, f"GET {path}") for path in static_paths(app)]
    asked += [("GET", "/no-such-page", "GET /no-such-page"), ("GET", "/static/no-such.css", "GET /static/no-such")]
    asked += [("GET", f"/?l={code}", "GET /?l=") for code in ("ko", "en", "ru", "zh_Hans")]
    asked += [("GET", "/login?l=ru", "GET /login"), ("GET", "/?l=xx", "GET / with an unknown language")]

    set_cookie: dict[str, list[str]] = {}
    for method, path, name in asked:
        response = app.test_client().open(path, method=method)  # a new browser each time: no cookie
        response.close()
        if response.headers.getlist("Set-Cookie"):
            set_cookie.setdefault(name, []).extend(response.headers.getlist("Set-Cookie"))

    assert sorted(NEEDS_A_COOKIE) == sorted(set_cookie)
    assert 20 <= len(asked)
    for header in [h for headers in set_cookie.values() for h in headers]:
        attributes = [part.strip().lower() for part in header.split(";")[1:]]
        # A session cookie, gone when the browser closes; unreadable by script; never sent cross-site.
        assert not [a for a in attributes if a.startswith(("expires", "max-age"))], header
        assert "httponly" in attributes
        assert "samesite=strict" in attributes


@SQLITE_ONLY
def test_a_browser_whose_session_ended_is_told_why(services: Services) -> None:
    """The notice that needs a cookie goes only to a browser that had a session (it ended or expired)."""
    app = create_source_app(services)
    stale = app.test_client()
    stale.set_cookie("tipline_source", "an-ended-session.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    fresh = app.test_client()

    told = stale.get("/lookup?l=en", follow_redirects=True).get_data(as_text=True)
    not_told = fresh.get("/lookup?l=en", follow_redirects=True).get_data(as_text=True)

    assert "Please log in with your codename." in told
    assert "Please log in with your codename." not in not_told
    assert "<h1>" in not_told
