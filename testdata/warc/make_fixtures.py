#!/usr/bin/env python3
"""Write the WARC fixtures of testdata/warc/ and the pairs `warc-extract` must find in them.

usage: make_fixtures.py [OUTDIR]        (default: the directory holding this script)

Python 3 standard library only. Deterministic: every record id is a uuid5, every date is fixed
and every gzip member has mtime 0, so a re-run rewrites byte-identical files.

For each fixture FILE there is FILE.expected.jsonl: one JSON object per pair, in output order
(file order, then the page's own order), with the keys of docs/extraction.md minus `warc_file`
(the path as given depends on how the test calls the program). Pages are described once, in
PAGES below: the bytes on the wire and, written out by hand, the pairs the contract gives for
them -- the expectations are not computed from the HTML, so they check the program.
"""
import base64
import codecs
import datetime
import gzip
import hashlib
import json
import os
import sys
import uuid

CRLF = b"\r\n"
UUID_NS = uuid.UUID("6f1c2b7e-3a52-5d0e-9a41-0c6d2e7b9f10")


# --------------------------------------------------------------------------- helpers
def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def record_id(fixture, n):
    return "<urn:uuid:%s>" % uuid.uuid5(UUID_NS, "gr-fixture/%s/%d" % (fixture, n))


def stamp(base, sec):
    """base 'YYYY-MM-DDTHH:MM' plus sec seconds -> WARC-Date 'YYYY-MM-DDTHH:MM:SSZ'."""
    t = datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M") + datetime.timedelta(seconds=sec)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


HTTP_DAYS = {"2024-02-21": "Wed, 21 Feb 2024", "2024-02-22": "Thu, 22 Feb 2024",
             "2024-02-26": "Mon, 26 Feb 2024", "2024-02-27": "Tue, 27 Feb 2024",
             "2024-03-04": "Mon, 04 Mar 2024"}


def http_date(warc_date):
    return "%s %s GMT" % (HTTP_DAYS[warc_date[:10]], warc_date[11:19])


def warc_record(headers, block, version=b"WARC/1.0", cl_delta=0):
    """headers: list of (name, value); value str (ASCII/UTF-8) or raw bytes."""
    out = [version]
    for name, value in headers:
        if isinstance(value, str):
            value = value.encode("utf-8")
        out.append(name.encode("ascii") + b": " + value)
    out.append(b"Content-Length: " + str(len(block) + cl_delta).encode("ascii"))
    return CRLF.join(out) + CRLF + CRLF + block + CRLF + CRLF


def chunked(data, size):
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x" % len(part) + CRLF + part + CRLF
    return out + b"0" + CRLF + CRLF


def split_url(url):
    rest = url.split("://", 1)[1]
    host = rest.split("/", 1)[0]
    path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    return host, path


def domain_of(url):
    return split_url(url)[0].split(":", 1)[0].lower()


# --------------------------------------------------------------------------- HTML scaffolding
SITE_CSS = '<link rel="stylesheet" href="/static/css/site.min.css?v=4f2a">'
ANALYTICS = ('<script async src="https://www.googletagmanager.com/gtag/js?id=G-7Q2X1"></script>\n'
             '<script>window.dataLayer = window.dataLayer || [];'
             ' function gtag(){dataLayer.push(arguments);} gtag("js", new Date());</script>')


def ldjson(obj, style="plain"):
    """A JSON-LD <script>. style: plain | ascii (\\uXXXX for non-ASCII and < >) | slashes (\\/)."""
    if style == "ascii":
        text = json.dumps(obj, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")
    elif style == "slashes":
        text = json.dumps(obj, ensure_ascii=False).replace("/", "\\/")
    else:
        text = json.dumps(obj, ensure_ascii=False, indent=2)
    assert "</script" not in text.lower()
    return '<script type="application/ld+json">' + text + "</script>"


def page(title, body, head="", meta_charset='<meta charset="utf-8">', lang="en",
         site="Homework Help", nav=("Home", "Questions", "Tags", "Users")):
    parts = ["<!DOCTYPE html>", '<html lang="%s">' % lang, "<head>"]
    if meta_charset:
        parts.append(meta_charset)
    parts += ["<title>%s</title>" % title,
              '<meta name="viewport" content="width=device-width, initial-scale=1">',
              SITE_CSS, ANALYTICS]
    if head:
        parts.append(head)
    parts += ["</head>", '<body class="question-page">',
              '<header class="top-bar"><a class="logo" href="/">%s</a>' % site,
              "<nav>" + " ".join('<a href="/%s">%s</a>' % (n.lower(), n) for n in nav) + "</nav>",
              "</header>", '<main id="content">', body, "</main>",
              '<footer class="site-footer"><p>&copy; 2024 %s. Content licensed CC BY-SA.</p>'
              "</footer>" % site,
              "</body>", "</html>", ""]
    return "\n".join(parts)


def E(extractor, question, answer, solution=None, choices=None):
    d = {"extractor": extractor, "question": question, "answer": answer}
    if solution is not None:
        d["solution"] = solution
    if choices is not None:
        d["choices"] = choices
    return d


# =========================================================================== PAGES
# Each page: url, body (bytes or str), expected pairs, and HTTP details.
# ---------------------------------------------------------------- qapage.warc.gz
QA1_Q = (r"<p>How do I differentiate \(f(x) = x^2 \sin x\)? Differentiating each factor separately "
         r"gives \(2x \cos x\), which my textbook says is wrong.</p>")
QA1_A = (r"<p>Use the product rule \((uv)' = u'v + uv'\) with \(u = x^2\) &amp; \(v = \sin x\): "
         r"<code>f'(x) = 2x*sin(x) + x^2*cos(x)</code>.</p>")
QA1_S = r"<p>You could also use logarithmic differentiation, but the product rule is quicker here.</p>"
QA1_URL = "https://math.stackexchange.com/questions/4821937/derivative-of-x2-sin-x"
QA1 = dict(
    url=QA1_URL,
    html=page("calculus - Derivative of x^2 sin(x) - Mathematics Stack Exchange", "\n".join([
        '<div id="question-header"><h1 itemprop="name"><a href="/questions/4821937">'
        "Derivative of x^2 sin(x)</a></h1></div>",
        '<div class="question"><div class="s-prose js-post-body">', QA1_Q, "</div>",
        '<div class="post-taglist"><a class="post-tag" href="/questions/tagged/calculus">calculus</a>'
        ' <a class="post-tag" href="/questions/tagged/derivatives">derivatives</a></div></div>',
        '<div id="answers"><h2>2 Answers</h2>',
        '<div class="answer accepted-answer"><div class="js-vote-count">9</div>'
        '<div class="s-prose js-post-body">', QA1_A, "</div></div>",
        '<div class="answer"><div class="js-vote-count">14</div><div class="s-prose js-post-body">',
        QA1_S, "</div></div></div>"]),
        head=ldjson({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Questions",
             "item": "https://math.stackexchange.com/questions"}]}) + "\n" +
        ldjson({"@context": "https://schema.org", "@type": "QAPage", "mainEntity": {
            "@type": "Question", "name": "Derivative of x^2 sin(x)", "text": QA1_Q,
            "answerCount": 2, "upvoteCount": 5, "dateCreated": "2024-01-14T08:12:40Z",
            "author": {"@type": "Person", "name": "lena_k", "url": "https://math.stackexchange.com/users/1180223"},
            "acceptedAnswer": {"@type": "Answer", "text": QA1_A, "upvoteCount": 9,
                               "url": QA1_URL + "#4821950", "dateCreated": "2024-01-14T08:20:03Z"},
            "suggestedAnswer": [{"@type": "Answer", "text": QA1_S, "upvoteCount": 14,
                                 "url": QA1_URL + "#4821988"}]}}),
        site="Mathematics Stack Exchange"),
    expect=[E("jsonld-qapage",
              r"How do I differentiate \(f(x) = x^2 \sin x\)? Differentiating each factor separately "
              r"gives \(2x \cos x\), which my textbook says is wrong.",
              r"Use the product rule \((uv)' = u'v + uv'\) with \(u = x^2\) & \(v = \sin x\): "
              r"f'(x) = 2x*sin(x) + x^2*cos(x).")])

QA2_Q = (r"<p>A ball is thrown straight up at 14.7 m/s from the ground. How long is it in the air? "
         r"Take \(g = 9.8\ \mathrm{m/s^2}\) and ignore air resistance.</p>")
QA2_ANS = [
    (3, "<p>About 3 seconds.</p>"),
    (17, r"<p>Time to the top: \(t_1 = v_0/g = 14.7/9.8 = 1.5\) s.<br>The fall back down takes the "
         r"same time.</p><p>Total time in the air: <code>3.0 s</code>.</p>"),
    (17, r"<p>Solve \(y = v_0 t - \tfrac{1}{2} g t^2 = 0\) for \(t \neq 0\): \(t = 2v_0/g = 3.0\) s.</p>"),
    (4, "<p>It depends on the air resistance, which you cannot ignore for a real ball.</p>"),
]
QA2_URL = "https://physics.stackexchange.com/questions/781204/time-of-flight-for-a-ball-thrown-straight-up"
QA2 = dict(
    url=QA2_URL,
    html=page("kinematics - Time of flight for a ball thrown straight up - Physics Stack Exchange",
              "\n".join(['<h1>Time of flight for a ball thrown straight up</h1>',
                         '<div class="question s-prose">', QA2_Q, "</div>",
                         '<div id="answers"><h2>4 Answers</h2>'] +
                        ['<div class="answer"><span class="vote">%d</span><div class="s-prose">%s</div></div>'
                         % a for a in QA2_ANS] + ["</div>"]),
              head=ldjson({"@context": "https://schema.org", "@type": "QAPage", "mainEntity": {
                  "@type": "Question", "name": "Time of flight for a ball thrown straight up",
                  "text": QA2_Q, "answerCount": 4, "dateCreated": "2023-11-02T17:45:10Z",
                  "suggestedAnswer": [{"@type": "Answer", "text": t, "upvoteCount": v,
                                       "url": QA2_URL + "#78120%d" % i}
                                      for i, (v, t) in enumerate(QA2_ANS)]}}, style="ascii"),
              site="Physics Stack Exchange"),
    expect=[E("jsonld-qapage",
              r"A ball is thrown straight up at 14.7 m/s from the ground. How long is it in the air? "
              r"Take \(g = 9.8\ \mathrm{m/s^2}\) and ignore air resistance.",
              "Time to the top: \\(t_1 = v_0/g = 14.7/9.8 = 1.5\\) s.\nThe fall back down takes the "
              "same time.\n\nTotal time in the air: 3.0 s.")])

QA3_Q = ("<p>What is the pH of a 0.010 M HCl solution at 25 &deg;C? Do I need to account for the "
         "autoionization of water?</p>")
QA3_A1 = (r"<p>HCl is a strong acid and dissociates completely, so \([\ce{H3O+}] = 0.010\) M and "
          r"\(\mathrm{pH} = -\log_{10}(0.010) = 2.00\). Water contributes only about \(10^{-12}\) M "
          r"here &ndash; negligible.</p>")
QA3_A2 = "<p>pH = 2.</p>"
QA3_URL = "https://chemistry.stackexchange.com/questions/176455/ph-of-a-0-010-m-hydrochloric-acid-solution"
QA3 = dict(
    url=QA3_URL,
    html=page("acid-base - pH of a 0.010 M hydrochloric acid solution - Chemistry Stack Exchange",
              "\n".join(["<article>", "<h1>pH of a 0.010 M hydrochloric acid solution</h1>",
                         '<section class="question">', QA3_Q, "</section>",
                         '<section class="answers">', QA3_A1, QA3_A2, "</section>", "</article>",
                         ldjson({"@context": "https://schema.org", "@graph": [
                             {"@type": "WebSite", "@id": "https://chemistry.stackexchange.com/#website",
                              "name": "Chemistry Stack Exchange", "url": "https://chemistry.stackexchange.com/"},
                             {"@type": ["QAPage", "WebPage"], "@id": QA3_URL + "#webpage",
                              "isPartOf": {"@id": "https://chemistry.stackexchange.com/#website"},
                              "mainEntity": {"@type": ["Question"], "@id": QA3_URL + "#question",
                                             "name": "pH of a 0.010 M hydrochloric acid solution",
                                             "text": QA3_Q, "answerCount": 2,
                                             "acceptedAnswer": [
                                                 {"@type": ["Answer"], "text": QA3_A1, "upvoteCount": 11},
                                                 {"@type": ["Answer"], "text": QA3_A2, "upvoteCount": 0}]}},
                             {"@type": "BreadcrumbList", "itemListElement": [
                                 {"@type": "ListItem", "position": 1, "name": "acid-base"}]}]})]),
              site="Chemistry Stack Exchange"),
    expect=[E("jsonld-qapage",
              "What is the pH of a 0.010 M HCl solution at 25 \u00b0C? Do I need to account for the "
              "autoionization of water?",
              r"HCl is a strong acid and dissociates completely, so \([\ce{H3O+}] = 0.010\) M and "
              r"\(\mathrm{pH} = -\log_{10}(0.010) = 2.00\). Water contributes only about \(10^{-12}\) M "
              "here \u2013 negligible.")])

# ---------------------------------------------------------------- faq.warc.gz
F1_QA = [
    ("What is compound interest?",
     r"<p>Compound interest is interest calculated on the initial principal <em>and</em> on the "
     r"interest already earned. After \(t\) years at annual rate \(r\), compounded once a year, a "
     r"deposit \(P\) grows to \(P(1 + r)^t\).</p>"),
    ("How much is $1,000 worth after 2 years at 5% compounded annually?",
     "<p>$1,000 &times; 1.05^2 = $1,102.50.</p>"),
    ("What is the difference between APR and APY?",
     "<p>APR is the simple annual rate. APY includes the effect of compounding:</p>"
     "<ul><li>APR 6%, monthly compounding: APY = 6.17%</li>"
     "<li>APR 6%, daily compounding: APY = 6.18%</li></ul>"),
]


def faq_entity(pairs):
    return [{"@type": "Question", "name": q,
             "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in pairs]


F1 = dict(
    url="https://www.finance-basics.org/faq/compound-interest",
    html=page("Compound Interest FAQ | Finance Basics", "\n".join(
        ['<article class="post">', "<h1>Compound interest: frequently asked questions</h1>",
         '<div class="faq">'] +
        ['<div class="faq-item"><h3>%s</h3><div class="faq-answer">%s</div></div>' % (q, a)
         for q, a in F1_QA] + ["</div>", "</article>",
                               # a theme plugin repeats the first entry: emitted once
                               ldjson({"@context": "https://schema.org", "@type": "FAQPage",
                                       "mainEntity": faq_entity(F1_QA[:1])})]),
        head=ldjson({"@context": "https://schema.org", "@type": "FAQPage",
                     "mainEntity": faq_entity(F1_QA)}, style="slashes"),
        site="Finance Basics", nav=("Home", "Saving", "Investing", "Calculators")),
    expect=[
        E("jsonld-faqpage", "What is compound interest?",
          r"Compound interest is interest calculated on the initial principal and on the interest "
          r"already earned. After \(t\) years at annual rate \(r\), compounded once a year, a deposit "
          r"\(P\) grows to \(P(1 + r)^t\)."),
        E("jsonld-faqpage", "How much is $1,000 worth after 2 years at 5% compounded annually?",
          "$1,000 \u00d7 1.05^2 = $1,102.50."),
        E("jsonld-faqpage", "What is the difference between APR and APY?",
          "APR is the simple annual rate. APY includes the effect of compounding:\n\n"
          "APR 6%, monthly compounding: APY = 6.17%\nAPR 6%, daily compounding: APY = 6.18%"),
    ])

F2_QA = [
    ("What does \u201cprice elasticity of demand\u201d mean for a caf\u00e9?",
     "<p>It measures how strongly the quantity demanded responds to a price change: the percentage "
     "change in quantity divided by the percentage change in price. A caf\u00e9\u2019s espresso demand "
     "is elastic when that ratio is above 1 in absolute value.</p>"),
    ("If a caf\u00e9 raises the price of a cr\u00e8me br\u00fbl\u00e9e from $4.00 to $5.00 and daily "
     "sales fall from 60 to 45, is demand elastic?",
     "<p>With the midpoint method quantity falls 15/52.5 = 28.6% while price rises 1.00/4.50 = 22.2%, "
     "so the elasticity is about 1.29 \u2013 demand is elastic.</p>"),
]
F2 = dict(
    url="https://www.microecon-notes.net/elasticity/faq",
    html=page("Elasticity FAQ \u2013 Microecon Notes", "\n".join(
        ["<h1>Elasticity FAQ</h1>", "<p>Short answers to the questions students ask most.</p>"] +
        ["<h3>%s</h3>\n<div>%s</div>" % (q, a) for q, a in F2_QA]),
        head=ldjson({"@context": "https://schema.org", "@type": "FAQPage",
                     "mainEntity": faq_entity(F2_QA)}),
        meta_charset='<meta charset="windows-1252">', site="Microecon Notes",
        nav=("Home", "Demand", "Supply", "Elasticity")),
    encoding="cp1252", content_type="text/html",
    expect=[E("jsonld-faqpage", F2_QA[0][0],
              "It measures how strongly the quantity demanded responds to a price change: the "
              "percentage change in quantity divided by the percentage change in price. A caf\u00e9\u2019s "
              "espresso demand is elastic when that ratio is above 1 in absolute value."),
            E("jsonld-faqpage", F2_QA[1][0],
              "With the midpoint method quantity falls 15/52.5 = 28.6% while price rises 1.00/4.50 = "
              "22.2%, so the elasticity is about 1.29 \u2013 demand is elastic.")])

F3_QA = [
    ("What is Newton\u2019s second law?",
     r"<p>The net force on an object equals its mass times its acceleration: \(F_{net} = ma\), with "
     "force in newtons (N), mass in kilograms (kg) and acceleration in m/s\u00b2.</p>"),
    ("What net force is needed to accelerate a 1200 kg car at 2.5 m/s\u00b2?",
     r"<p>\(F = ma = 1200\ \mathrm{kg} \times 2.5\ \mathrm{m/s^2} = 3000\ \mathrm{N}\), i.e. 3.0 kN.</p>"),
]
F3 = dict(
    url="https://learn.physicshub.org/faq/newtons-second-law",
    html=page("Newton\u2019s Second Law FAQ | PhysicsHub Learn", "\n".join(
        ['<section class="faq">', "<h1>Newton\u2019s second law: FAQ</h1>",
         "<p>Forces, mass and acceleration, explained briefly.</p>"] +
        ['<div class="faq-entry"><h2>%s</h2><div class="faq-body">%s</div></div>' % (q, a)
         for q, a in F3_QA] +
        ["</section>", ldjson({"@context": "https://schema.org", "@type": "FAQPage",
                               "name": "Newton\u2019s second law FAQ",
                               "mainEntity": faq_entity(F3_QA)})]),
        site="PhysicsHub Learn", nav=("Home", "Mechanics", "Waves", "Electricity")),
    content_type="text/html; charset=UTF-8", gzip=True, chunk=256,
    expect=[E("jsonld-faqpage", F3_QA[0][0],
              r"The net force on an object equals its mass times its acceleration: \(F_{net} = ma\), "
              "with force in newtons (N), mass in kilograms (kg) and acceleration in m/s\u00b2."),
            E("jsonld-faqpage", F3_QA[1][0],
              r"\(F = ma = 1200\ \mathrm{kg} \times 2.5\ \mathrm{m/s^2} = 3000\ \mathrm{N}\), i.e. 3.0 kN.")])

# ---------------------------------------------------------------- quiz.warc
QZ_PARTS = [
    dict(text="How many moles of O<sub>2</sub> are needed to burn 2 mol of CH<sub>4</sub> completely "
              "(CH<sub>4</sub> + 2 O<sub>2</sub> &rarr; CO<sub>2</sub> + 2 H<sub>2</sub>O)?",
         suggested=[(0, "1 mol"), (1, "2 mol"), (3, "8 mol")], accepted=(2, "4 mol")),
    dict(text="What is the molar mass of H<sub>2</sub>SO<sub>4</sub>? (H = 1.01, S = 32.07, O = 16.00 g/mol)",
         suggested=[(3, "114.07 g/mol"), (0, "49.04 g/mol"), (2, "96.07 g/mol")],
         accepted=(1, "98.09 g/mol")),
    dict(text="Balance the equation __ Al + __ O<sub>2</sub> &rarr; __ Al<sub>2</sub>O<sub>3</sub> "
              "and give the three coefficients in order.",
         suggested=[], accepted=(0, "4, 3, 2")),
]


def quiz_question(p):
    q = {"@type": "Question", "eduQuestionType": "Multiple choice" if p["suggested"] else "Flashcard",
         "learningResourceType": "Practice problem", "encodingFormat": "text/html", "text": p["text"]}
    if p["suggested"]:
        q["suggestedAnswer"] = [{"@type": "Answer", "position": pos, "encodingFormat": "text/html",
                                 "text": t} for pos, t in p["suggested"]]
    q["acceptedAnswer"] = {"@type": "Answer", "position": p["accepted"][0],
                           "encodingFormat": "text/html", "text": p["accepted"][1],
                           "answerExplanation": {"@type": "Comment",
                                                 "text": "See the worked example in section 3.2."}}
    return q


QZ1 = dict(
    url="https://www.chemprep-practice.org/quizzes/stoichiometry-1",
    html=page("Stoichiometry Quiz 1 | ChemPrep Practice", "\n".join(
        ["<h1>Stoichiometry quiz 1</h1>", '<form class="quiz" action="/quizzes/grade" method="post">'] +
        ['<fieldset><legend>%d. %s</legend>%s</fieldset>' % (
            i + 1, p["text"],
            "".join('<label><input type="radio" name="q%d" value="%d"> %s</label>' % (i, pos, t)
                    for pos, t in sorted(p["suggested"] + [p["accepted"]])))
         for i, p in enumerate(QZ_PARTS)] +
        ['<button type="submit">Check answers</button>', "</form>"]),
        head=ldjson({"@context": "https://schema.org/", "@type": "Quiz",
                     "name": "Stoichiometry quiz 1",
                     "about": {"@type": "Thing", "name": "Stoichiometry"},
                     "educationalAlignment": [{"@type": "AlignmentObject", "alignmentType": "educationalSubject",
                                               "targetName": "Chemistry"}],
                     "hasPart": [quiz_question(p) for p in QZ_PARTS]}),
        site="ChemPrep Practice", nav=("Home", "Quizzes", "Flashcards")),
    target_brackets=True,
    expect=[E("jsonld-quiz",
              "How many moles of O2 are needed to burn 2 mol of CH4 completely (CH4 + 2 O2 \u2192 CO2 + 2 H2O)?",
              "4 mol", choices=["1 mol", "2 mol", "4 mol", "8 mol"]),
            E("jsonld-quiz", "What is the molar mass of H2SO4? (H = 1.01, S = 32.07, O = 16.00 g/mol)",
              "98.09 g/mol", choices=["49.04 g/mol", "98.09 g/mol", "96.07 g/mol", "114.07 g/mol"]),
            E("jsonld-quiz", "Balance the equation __ Al + __ O2 \u2192 __ Al2O3 and give the three "
                             "coefficients in order.", "4, 3, 2")])

QZ2 = dict(
    url="https://www.mathhomework-answers.com/q/2291/solve-3x-plus-7-equals-22",
    html=page("Solve 3x + 7 = 22 - Math Homework Answers", "\n".join([
        "<h1>Solve 3x + 7 = 22</h1>",
        '<div class="question-body"><p>Solve for \\(x\\): \\(3x + 7 = 22\\).</p></div>',
        '<div class="answer best"><h2>Best answer</h2><p>Subtract 7 from both sides: \\(3x = 15\\). '
        "Divide by 3: \\(x = 5\\).</p></div>",
        ldjson({"@context": "https://schema.org", "@type": "Question", "name": "Solve 3x + 7 = 22",
                "text": r"<p>Solve for \(x\): \(3x + 7 = 22\).</p>", "answerCount": 1,
                "dateCreated": "2024-02-01T19:03:00Z",
                "acceptedAnswer": {"@type": "Answer",
                                   "text": r"<p>Subtract 7 from both sides: \(3x = 15\). Divide by 3: \(x = 5\).</p>"}})]),
        site="Math Homework Answers", nav=("Home", "Algebra", "Geometry", "Ask")),
    expect=[E("jsonld-question", r"Solve for \(x\): \(3x + 7 = 22\).",
              r"Subtract 7 from both sides: \(3x = 15\). Divide by 3: \(x = 5\).")])

# ---------------------------------------------------------------- microdata.warc.gz
M1 = dict(
    url="https://www.physicshomeworkhelp.net/questions/1187/heat-needed-to-melt-ice",
    html=page("Heat needed to melt ice - Physics Homework Help", "\n".join([
        '<div class="qa-main" itemscope itemtype="https://schema.org/Question">',
        '<h1 itemprop="name">Heat needed to melt ice</h1>',
        '<div class="meta">Asked by <span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">jonas.w</span></span> in Thermodynamics</div>',
        '<div class="q-text" itemprop="text">',
        "  <p>A 250 g block of ice at 0 \u00b0C must be melted completely. How much heat is required?"
        " Use L<sub>f</sub> = 334 J/g.</p>",
        "</div>",
        '<div class="answer" itemprop="acceptedAnswer" itemscope itemtype="https://schema.org/Answer">',
        '  <h2>Best answer</h2>',
        '  <div itemprop="text"><p>Q = m\u00b7L<sub>f</sub> = 250 g \u00d7 334 J/g = 83500 J, or about 83.5 kJ.</p></div>',
        '  <meta itemprop="upvoteCount" content="4">',
        "</div>", "</div>"]),
        meta_charset='<meta charset="utf-8">',  # wrong on purpose: the HTTP header wins
        site="Physics Homework Help", nav=("Home", "Mechanics", "Thermodynamics", "Ask")),
    encoding="latin-1", content_type="text/html; charset=ISO-8859-1",
    expect=[E("microdata-question",
              "A 250 g block of ice at 0 \u00b0C must be melted completely. How much heat is required? "
              "Use Lf = 334 J/g.",
              "Q = m\u00b7Lf = 250 g \u00d7 334 J/g = 83500 J, or about 83.5 kJ.")])

M2_Q = "二次方程式 x^2 - 5x + 6 = 0 を因数分解で解きなさい。求め方も教えてください。"
M2_A1 = "(x - 2)(x - 3) = 0 と因数分解できるので、x = 2 または x = 3 です。"
M2_A2 = "解の公式を使っても x = 2, 3 になります。"
M2 = dict(
    url="https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q10287654321",
    html=page("二次方程式の解き方を教えてください - Yahoo!知恵袋", "\n".join([
        '<div id="qa" itemscope itemtype="https://schema.org/Question">',
        '<div class="user" itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">sugaku_taro</span>さん</div>',
        '<h1 class="question" itemprop="name">%s</h1>' % M2_Q,
        '<div class="ans" itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer">',
        '<div itemprop="text">%s</div></div>' % M2_A1,
        '<div class="ans" itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer">',
        '<div itemprop="text">%s</div></div>' % M2_A2,
        "</div>"]),
        meta_charset='<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
        lang="ja", site="Yahoo!知恵袋", nav=("Top", "Math")),
    encoding="shift_jis", content_type="text/html",
    expect=[E("microdata-question", M2_Q, M2_A1)])

M3 = dict(
    url="http://www.EconTutor.net:8080/questions/318/real-gdp-from-nominal-gdp",
    html="\ufeff" + page("Real GDP from nominal GDP | EconTutor", "\n".join([
        '<div class="question" itemscope itemtype="https://schema.org/Question">',
        '<h1 itemprop="name">Real GDP from nominal GDP</h1>',
        '<div itemprop="text"><p>Nominal GDP is \u20ac1.2 trillion and the GDP deflator is 120 (base year = 100). '
        "What is real GDP?</p></div>",
        '<div class="answer" itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer">',
        '<div itemprop="text"><p>It is \u20ac1.44 trillion.</p></div></div>',
        '<div class="answer verified" itemprop="acceptedAnswer" itemscope itemtype="https://schema.org/Answer">',
        '<meta itemprop="text" content="Real GDP = nominal GDP \u00f7 (deflator/100) = \u20ac1.2 trillion '
        '\u00f7 1.20 = \u20ac1.0 trillion.">',
        "<p>Real GDP = nominal GDP \u00f7 (deflator/100) = \u20ac1.2 trillion \u00f7 1.20 = "
        "\u20ac1.0 trillion.</p>",
        "</div>", "</div>",
        '<aside class="related"><h2>Related questions</h2>',
        '<div itemscope itemtype="http://schema.org/Question">',
        '<p itemprop="text">If nominal GDP is $550 billion and real GDP is $500 billion, what is the GDP deflator?</p>',
        '<div itemprop="acceptedAnswer" itemscope itemtype="http://schema.org/Answer">',
        '<p itemprop="text">Deflator = 550 / 500 \u00d7 100 = 110.</p></div>',
        "</div>", "</aside>"]),
        meta_charset=None, site="EconTutor", nav=("Home", "Macro", "Micro")),
    content_type="text/html",
    expect=[E("microdata-question",
              "Nominal GDP is \u20ac1.2 trillion and the GDP deflator is 120 (base year = 100). What is real GDP?",
              "Real GDP = nominal GDP \u00f7 (deflator/100) = \u20ac1.2 trillion \u00f7 1.20 = \u20ac1.0 trillion."),
            E("microdata-question",
              "If nominal GDP is $550 billion and real GDP is $500 billion, what is the GDP deflator?",
              "Deflator = 550 / 500 \u00d7 100 = 110.")])

# ---------------------------------------------------------------- textqa.warc.gz
MATHJAX_HEAD = ('<script type="text/x-mathjax-config">MathJax.Hub.Config({tex2jax: {inlineMath: '
                "[['\\\\(','\\\\)']]}});</script>\n"
                '<script src="https://cdn.jsdelivr.net/npm/mathjax@2/MathJax.js?config=TeX-AMS_HTML"></script>')
T1 = dict(
    url="https://www.kinematics-tutor.com/practice/set-3",
    html=page("Kinematics practice set 3 | Kinematics Tutor", "\n".join([
        "<h1>Kinematics practice set 3</h1>",
        "<p>Work each question before reading the answer.</p>",
        '<div class="qa">',
        "<p><b>Question 1:</b> A car accelerates uniformly from rest to 24 m/s in 8.0 s. What is its "
        "acceleration?<br>",
        "<b>Answer:</b> 3.0 m/s^2</p>",
        "</div>",
        '<div class="qa">',
        '<p><b>Question 2:</b> With acceleration <script type="math/tex">a = 3.0\\ \\mathrm{m/s^2}</script>, '
        "how far does the car travel in those 8.0 s?</p>",
        '<p><b>Answer:</b> <script type="math/tex; mode=display">d = \\tfrac{1}{2} a t^2 = 96\\ \\mathrm{m}</script></p>',
        "</div>"]),
        head=MATHJAX_HEAD, site="Kinematics Tutor", nav=("Home", "Practice", "Formulas")),
    expect=[E("text-qa-pattern",
              "A car accelerates uniformly from rest to 24 m/s in 8.0 s. What is its acceleration?",
              "3.0 m/s^2"),
            E("text-qa-pattern",
              r"With acceleration \(a = 3.0\ \mathrm{m/s^2}\), how far does the car travel in those 8.0 s?",
              r"\[d = \tfrac{1}{2} a t^2 = 96\ \mathrm{m}\]")])

N1 = dict(  # negative: "the answer is" in passing, no question marker
    url="https://www.teachingmathblog.com/2024/02/should-students-memorize-formulas/",
    html=page("Should students memorize formulas? | Teaching Math Blog", "\n".join([
        '<article class="post">', "<h1>Should students memorize formulas?</h1>",
        '<p class="byline">Posted on February 12, 2024 by R. Alvarez</p>',
        "<p>Every September a parent asks me whether their child should memorize every formula in "
        "the textbook. For most of algebra the answer is no: a student who understands where the "
        "quadratic formula comes from can rebuild it in a minute.</p>",
        "<p>What I suggest instead:</p>",
        "<ul><li>derive each formula once in class,</li><li>use it on three varied problems,</li>"
        "<li>revisit it a week later without notes.</li></ul>",
        "<p>Memorization still has its place for the unit circle and a few identities.</p>",
        "</article>"]), site="Teaching Math Blog", nav=("Home", "About", "Archive")),
    expect=[])

T2_URL = "https://www.personalfinance-qa.com/time-value-of-money"
T2 = dict(
    url=T2_URL,
    html=page("Time value of money: quick questions | Personal Finance Q&amp;A", "\n".join([
        "<h1>Time value of money: quick questions</h1>",
        "<p><strong>Q:</strong> What is the present value of $1,000 received in 3 years if the "
        "discount rate is 5% per year?</p>",
        "<p><strong>A:</strong><br>PV = $1,000 / 1.05^3 = $863.84</p>",
        "<p><strong>Q:</strong> A bond pays a $50 coupon once a year and sells for $1,000. What is its "
        "current yield?</p>",
        "<p><strong>A:</strong> 5% ($50 / $1,000).</p>"]),
        site="Personal Finance Q&amp;A", nav=("Home", "Budgeting", "Investing")),
    expect=[E("text-qa-pattern",
              "What is the present value of $1,000 received in 3 years if the discount rate is 5% per year?",
              "PV = $1,000 / 1.05^3 = $863.84"),
            E("text-qa-pattern",
              "A bond pays a $50 coupon once a year and sells for $1,000. What is its current yield?",
              "5% ($50 / $1,000).")])


def bare_page(title, body, head=""):
    """A minimal static page with nothing after the last paragraph (see README: solution span)."""
    return "\n".join(["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
                      "<title>%s</title>" % title, head, "</head>", "<body>", body, "</body>", "</html>", ""])


T3 = dict(
    url="https://www.mathcontest-prep.org/probability/problem-4",
    html=bare_page("Probability: Problem 4", "\n".join([
        '<p class="crumbs"><a href="/">Contest Prep</a> / <a href="/probability/">Probability</a></p>',
        "<h1>Probability: Problem 4</h1>",
        "<p><b>Problem 4:</b> Two fair coins are tossed. What is the probability of getting at least one head?</p>",
        "<p><b>Solution:</b> The only outcome with no heads is TT, which has probability $\\frac{1}{4}$. "
        "So the probability of at least one head is $1 - \\frac{1}{4}$. The answer is $\\frac{3}{4}$.</p>"])),
    expect=[E("text-problem-solution",
              "Two fair coins are tossed. What is the probability of getting at least one head?",
              r"$\frac{3}{4}$",
              solution=r"The only outcome with no heads is TT, which has probability $\frac{1}{4}$. So the "
                       r"probability of at least one head is $1 - \frac{1}{4}$. The answer is $\frac{3}{4}$.")])

N2 = dict(  # negative: Q: without any answer
    url="https://www.physicsforums-community.org/threads/halliday-10th-edition-solutions.88213/",
    html=page("Halliday 10th edition solutions? | Physics Forums Community", "\n".join([
        "<h1>Halliday 10th edition solutions?</h1>",
        '<div class="post"><div class="author">mk_2001</div><p>Q: Has anyone found an official solutions '
        "manual for Halliday, Resnick &amp; Walker, 10th edition? My library copy is missing chapters 5 to 8.</p></div>",
        '<div class="post"><div class="author">tutor_dan</div><p>Check the reserve desk, most libraries '
        "keep instructor copies there.</p></div>",
        '<div class="post"><div class="author">mk_2001</div><p>Thanks, I will ask tomorrow.</p></div>']),
        site="Physics Forums Community", nav=("Forums", "Homework", "Textbooks")),
    expect=[])

T4 = dict(
    url="https://www.numbertheory-drills.com/divisors/example-3",
    html=bare_page("Counting divisors, example 3", "\n".join([
        "<h1>Counting divisors</h1>",
        "<p>Example 3. How many positive divisors does 60 have?</p>",
        "<p>Solution: Since $60 = 2^2 \\cdot 3 \\cdot 5$, the number of divisors is "
        "$(2+1)(1+1)(1+1) = \\boxed{12}$.</p>"])),
    expect=[E("text-problem-solution", "How many positive divisors does 60 have?", "12",
              solution=r"Since $60 = 2^2 \cdot 3 \cdot 5$, the number of divisors is "
                       r"$(2+1)(1+1)(1+1) = \boxed{12}$.")])

N3 = dict(  # negative: 404 with a QAPage body
    url="https://math.stackexchange.com/questions/4800001/limit-of-sin-x-over-x",
    status="404 Not Found",
    html=page("Page not found - Mathematics Stack Exchange", "\n".join([
        "<h1>Page not found</h1>",
        "<p>This question was removed from Mathematics Stack Exchange for reasons of moderation.</p>",
        ldjson({"@context": "https://schema.org", "@type": "QAPage", "mainEntity": {
            "@type": "Question", "name": "Limit of sin(x)/x",
            "text": r"<p>Why is \(\lim_{x \to 0} \frac{\sin x}{x} = 1\)?</p>",
            "acceptedAnswer": {"@type": "Answer", "text": "<p>By the squeeze theorem.</p>"}}})]),
        site="Mathematics Stack Exchange"),
    expect=[])

T5 = dict(
    url="https://www.chem101-review.com/exams/midterm-practice",
    html=page("General Chemistry I \u2013 Midterm Practice", "\n".join([
        "<h1>General Chemistry I \u2013 Midterm Practice</h1>",
        "<p>Choose the best answer. Show your work for the free-response item.</p>",
        '<div class="q"><p>1. Which of the following is a strong acid?<br>(A) CH<sub>3</sub>COOH<br>'
        "(B) HCl<br>(C) NH<sub>3</sub><br>(D) H<sub>2</sub>CO<sub>3</sub></p></div>",
        '<div class="q"><p>2. What is the oxidation state of Mn in KMnO<sub>4</sub>?<br>(A) +2<br>(B) +4<br>'
        "(C) +6<br>(D) +7</p></div>",
        '<div class="q"><p>3. How many moles are in 9.0 g of water (M = 18.0 g/mol)?</p></div>',
        "<h2>Answer Key</h2>",
        "<p>1. B<br>2. D<br>3. 0.50 mol</p>"]),
        site="CHEM 101 Review", nav=("Home", "Exams", "Worksheets")),
    expect=[E("text-answer-key", "Which of the following is a strong acid?", "B",
              choices=["CH3COOH", "HCl", "NH3", "H2CO3"]),
            E("text-answer-key", "What is the oxidation state of Mn in KMnO4?", "D",
              choices=["+2", "+4", "+6", "+7"]),
            E("text-answer-key", "How many moles are in 9.0 g of water (M = 18.0 g/mol)?", "0.50 mol")])

N4_SCRIPT = dict(  # negative: the pattern only inside <script>
    url="https://www.quiz-widgets.com/embed/algebra-warmup",
    html=page("Algebra warm-up widget", "\n".join([
        '<div id="quiz-root"><p>Loading the warm-up quiz&hellip;</p></div>',
        "<script>",
        "// Question: What is 2 + 2?",
        "// Answer: 4",
        'var warmup = {"prompt": "Question: Solve 2x = 10", "key": "Answer: x = 5"};',
        'document.getElementById("quiz-root").dataset.ready = "1";',
        "</script>"]), site="Quiz Widgets", nav=("Home",)),
    expect=[])

T6 = dict(
    url="https://zhidao.baidu.com/question/1587623490123456789.html",
    html=page("一道高一物理题，求解答_百度知道", "\n".join([
        "<h1>一道高一物理题，求解答</h1>",
        '<div class="ask"><p>Question: 一个物体从静止开始做匀加速直线运动，加速度为 2 m/s^2，求它在第 3 秒末的速度。</p></div>',
        '<div class="best-answer"><p>Answer: v = at = 2 × 3 = 6 m/s</p></div>']),
        meta_charset=None, lang="zh-CN", site="百度知道", nav=("首页", "分类")),
    encoding="gbk", content_type="text/html; charset=GBK",
    expect=[E("text-qa-pattern", "一个物体从静止开始做匀加速直线运动，加速度为 2 m/s^2，求它在第 3 秒末的速度。",
              "v = at = 2 × 3 = 6 m/s")])

N5_COMMENT = dict(  # negative: the pattern only inside an HTML comment
    url="https://www.studyguide-archive.net/calculus/derivatives-review",
    html=page("Derivatives review | Study Guide Archive", "\n".join([
        "<h1>Derivatives review</h1>",
        "<!-- Question: What is the derivative of x^3?",
        "Answer: 3x^2 -->",
        "<p>The power rule says that the derivative of x^n is n x^(n-1) for any real n.</p>",
        "<p>Review the chain rule before the quiz on Friday.</p>"]),
        site="Study Guide Archive", nav=("Home", "Calculus")),
    expect=[])

T7 = dict(
    url="https://www.freefall-physics.net/q/stone-dropped-from-30-6-m",
    html=page("Stone dropped from 30.6 m | Free Fall Physics", "\n".join([
        "<h1>Free fall question</h1>",
        "<p>Q: A stone is dropped from rest from a height of 30.6 m. How long does it take to reach the "
        "ground? Take g = 9.8 m/s^2.</p>",
        "<p>Use h = g t^2 / 2, so t = sqrt(2h / g) = sqrt(61.2 / 9.8) s. The final answer is 2.5 s.</p>",
        "<p>Posted in Mechanics.</p>"]), site="Free Fall Physics", nav=("Home", "Questions")),
    expect=[E("text-qa-pattern",
              "A stone is dropped from rest from a height of 30.6 m. How long does it take to reach the "
              "ground? Take g = 9.8 m/s^2.", "2.5 s",
              solution="Use h = g t^2 / 2, so t = sqrt(2h / g) = sqrt(61.2 / 9.8) s. The final answer is 2.5 s.")])

N6_JSON = dict(  # negative: not an HTML or text payload
    url="https://api.homework-helper.com/v1/questions/77",
    body=json.dumps({"id": 77, "body": "Question: What is 7 x 8?\nAnswer: 56"}).encode("utf-8") + b"\n",
    content_type="application/json",
    expect=[])

T8 = dict(  # a resource record (no HTTP headers), text/plain
    url="https://www.econ-course-notes.org/files/ps2-answers.txt",
    record="resource",
    body=("ECON 101 Problem Set 2 - Selected Answers\n\n"
          "Q3: The demand curve is Qd = 100 - 2P and the supply curve is Qs = 20 + 2P. What is the "
          "equilibrium price?\nA: P = 20\n\n"
          "Q4: At the equilibrium price, what quantity is traded?\nA: Q = 60\n").encode("utf-8"),
    content_type="text/plain",
    expect=[E("text-qa-pattern", "The demand curve is Qd = 100 - 2P and the supply curve is Qs = 20 + 2P. "
                                 "What is the equilibrium price?", "P = 20"),
            E("text-qa-pattern", "At the equilibrium price, what quantity is traded?", "Q = 60")])

# ---------------------------------------------------------------- textqa.warc.wet
W1 = dict(url="https://www.macroecon-study.com/multiplier-practice", text=(
    "Spending multiplier practice | Macro Study\n"
    "Home Topics Practice\n"
    "Q1: If the marginal propensity to consume is 0.8, what is the spending multiplier?\n"
    "Ans: 5\n"
    "Q2: With that multiplier, by how much does GDP rise after a $20 billion increase in government spending?\n"
    "Ans: $100 billion"),
    expect=[E("text-qa-pattern", "If the marginal propensity to consume is 0.8, what is the spending multiplier?", "5"),
            E("text-qa-pattern", "With that multiplier, by how much does GDP rise after a $20 billion "
                                 "increase in government spending?", "$100 billion")])
W2 = dict(url="http://www.chemistry-tutorials.org/moles/exercise-2", text=(
    "Moles and mass - worked exercise\n"
    "Exercise 2: How many grams of NaCl are in 0.500 mol? (M = 58.44 g/mol)\n"
    "Solution: m = n \u00d7 M = 0.500 mol \u00d7 58.44 g/mol = 29.22 g\n"
    "Final answer: 29.2 g\n"
    "\n"
    "Next: Molarity"),
    expect=[E("text-problem-solution", "How many grams of NaCl are in 0.500 mol? (M = 58.44 g/mol)", "29.2 g",
              solution="m = n \u00d7 M = 0.500 mol \u00d7 58.44 g/mol = 29.22 g")])
W3 = dict(url="https://www.forces-quiz.net/unit-3", text=(
    "Unit 3 quiz: forces and motion\n"
    "1) A 2.0 kg cart accelerates at 3.0 m/s^2. What net force acts on it?\n"
    "A) 1.5 N\nB) 5.0 N\nC) 6.0 N\nD) 9.0 N\n"
    "2) Which law says that every action has an equal and opposite reaction?\n"
    "A) Newton's third law\nB) Newton's first law\nC) Newton's second law\nD) The law of universal gravitation\n"
    "Answers\n"
    "1 - C\n"
    "2 - A"),
    expect=[E("text-answer-key", "A 2.0 kg cart accelerates at 3.0 m/s^2. What net force acts on it?", "C",
              choices=["1.5 N", "5.0 N", "6.0 N", "9.0 N"]),
            E("text-answer-key", "Which law says that every action has an equal and opposite reaction?", "A",
              choices=["Newton's third law", "Newton's first law", "Newton's second law",
                       "The law of universal gravitation"])])
W4 = dict(url="https://www.citynews-daily.com/2024/02/19/school-board-approves-new-math-curriculum", text=(
    "School board approves new math curriculum\n"
    "By Staff Writer\n"
    "The district will replace its algebra textbooks next fall after a 5-2 vote on Monday.\n"
    "Teachers said the new materials put more weight on word problems and data literacy."),
    expect=[])
W5 = dict(url="https://www.calc-qa.org/limits", text=(
    "Limits - questions and answers\n"
    "\n"
    "Question: Evaluate lim_{x -> 0} sin(3x)/x.\n"
    "Answer: 3\n"
    "\n"
    "Question: Evaluate lim_{x -> infinity} (2x^2 + 1)/(x^2 - 4).\n"
    "Answer: 2\n"
    "\n"
    "Last updated March 2024"),
    expect=[E("text-qa-pattern", "Evaluate lim_{x -> 0} sin(3x)/x.", "3"),
            E("text-qa-pattern", "Evaluate lim_{x -> infinity} (2x^2 + 1)/(x^2 - 4).", "2")])


# =========================================================================== writers
class Fixture:
    def __init__(self, name, date, gz, version=b"WARC/1.0"):
        self.name, self.date, self.gz, self.version = name, date, gz, version
        self.records, self.expected, self.n, self.sec = [], [], 0, 0

    def next_id(self):
        self.n += 1
        return record_id(self.name, self.n)

    def next_date(self, step=7):
        self.sec += step
        return stamp(self.date, self.sec)

    def add(self, headers, block, **kw):
        self.records.append(warc_record(headers, block, self.version, **kw))

    def warcinfo(self, fields):
        self.info_id = self.next_id()
        block = "".join("%s: %s\r\n" % kv for kv in fields).encode("utf-8")
        self.add([("WARC-Type", "warcinfo"), ("WARC-Date", stamp(self.date, 0)),
                  ("WARC-Filename", self.name), ("WARC-Record-ID", self.info_id),
                  ("Content-Type", "application/warc-fields"), ("WARC-Block-Digest", sha1_b32(block))],
                 block)

    def capture(self, p, metadata=False, bad=None, target_override=None):
        """request + response (or a resource record) for page p; returns the response's id/date."""
        url = p["url"]
        target = target_override or (("<%s>" % url) if p.get("target_brackets") else url)
        host, path = split_url(url)
        body = p.get("body")
        if body is None:
            body = p["html"].encode(p.get("encoding", "utf-8"))
            if p.get("encoding", "utf-8") != "utf-8":
                assert codecs.decode(body, p["encoding"]) == p["html"]
            if p.get("encoding") == "shift_jis":
                # glibc iconv SHIFT_JIS reads 0x5C as YEN SIGN and 0x7E as OVERLINE (CP932 and
                # Python do not): keep both out of the page so every decoder agrees
                assert "\\" not in p["html"] and "~" not in p["html"]
        ctype = p.get("content_type", "text/html; charset=utf-8")
        date = self.next_date()
        if p.get("record") == "resource":
            rid = self.next_id()
            self.add([("WARC-Type", "resource"), ("WARC-Date", date), ("WARC-Record-ID", rid),
                      ("WARC-Warcinfo-ID", self.info_id), ("WARC-Target-URI", target),
                      ("Content-Type", ctype), ("WARC-Payload-Digest", sha1_b32(body)),
                      ("WARC-Block-Digest", sha1_b32(body))], body)
            self.expect(p, rid, date)
            return rid, date
        req = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: CCBot/2.0 (https://commoncrawl.org/faq/)\r\n"
               "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
               "Accept-Language: en-US,en;q=0.5\r\nAccept-Encoding: br,gzip\r\nConnection: Keep-Alive\r\n\r\n"
               % (path, host)).encode("utf-8")
        req_id = self.next_id()
        self.add([("WARC-Type", "request"), ("WARC-Date", date), ("WARC-Record-ID", req_id),
                  ("Content-Type", "application/http; msgtype=request"),
                  ("WARC-Warcinfo-ID", self.info_id), ("WARC-IP-Address", "203.0.113.%d" % (10 + self.n)),
                  ("WARC-Target-URI", target), ("WARC-Block-Digest", sha1_b32(req))], req)
        entity = body
        hdrs = ["HTTP/1.1 %s" % p.get("status", "200 OK"), "Date: %s" % http_date(date),
                "Server: nginx", "Content-Type: %s" % ctype]
        if p.get("gzip"):
            entity = gzip.compress(body, compresslevel=9, mtime=0)
            hdrs.append("Content-Encoding: gzip")
        if p.get("chunk"):
            wire = chunked(entity, p["chunk"])
            if bad == "chunk-zz":  # the second chunk-size line becomes "zz"
                first = wire.index(CRLF) + 2 + p["chunk"] + 2
                wire = wire[:first] + b"zz" + wire[wire.index(CRLF, first):]
            hdrs += ["Transfer-Encoding: chunked", "Vary: Accept-Encoding"]
        else:
            wire = entity
            hdrs += ["Content-Length: %d" % len(entity)]
        hdrs += ["Cache-Control: private, max-age=0", "Connection: close"]
        block = ("\r\n".join(hdrs) + "\r\n\r\n").encode("utf-8") + wire
        rid = self.next_id()
        self.add([("WARC-Type", "response"), ("WARC-Date", date), ("WARC-Record-ID", rid),
                  ("Content-Type", "application/http; msgtype=response"),
                  ("WARC-Warcinfo-ID", self.info_id), ("WARC-Concurrent-To", req_id),
                  ("WARC-IP-Address", "203.0.113.%d" % (10 + self.n)), ("WARC-Target-URI", target),
                  ("WARC-Payload-Digest", sha1_b32(entity)), ("WARC-Block-Digest", sha1_b32(block)),
                  ("WARC-Identified-Payload-Type", ctype.split(";")[0])],
                 block, cl_delta=10 if bad == "cl+10" else 0)
        if metadata:
            meta = ("fetchTimeMs: %d\r\ncharset-detected: UTF-8\r\n"
                    'languages-cld2: {"reliable":true,"languages":[{"code":"en","code-iso-639-3":"eng",'
                    '"text-covered":0.97,"score":1021.0,"name":"ENGLISH"}]}\r\n' % (80 + 13 * self.n)
                    ).encode("utf-8")
            self.add([("WARC-Type", "metadata"), ("WARC-Date", date), ("WARC-Record-ID", self.next_id()),
                      ("WARC-Refers-To", rid), ("WARC-Target-URI", target),
                      ("Content-Type", "application/warc-fields"), ("WARC-Block-Digest", sha1_b32(meta))],
                     meta)
        self.expect(p, rid, date)
        self.last_payload = (url, date, sha1_b32(entity))
        return rid, date

    def revisit(self, of):
        url, orig_date, digest = of
        date = self.next_date(61)
        host, path = split_url(url)
        block = ("HTTP/1.1 200 OK\r\nDate: %s\r\nServer: nginx\r\nContent-Type: text/html; charset=utf-8\r\n"
                 "Cache-Control: private, max-age=0\r\nConnection: close\r\n\r\n" % http_date(date)).encode()
        self.add([("WARC-Type", "revisit"), ("WARC-Date", date), ("WARC-Record-ID", self.next_id()),
                  ("Content-Type", "application/http; msgtype=response"),
                  ("WARC-Warcinfo-ID", self.info_id), ("WARC-Target-URI", url),
                  ("WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"),
                  ("WARC-Refers-To-Target-URI", url), ("WARC-Refers-To-Date", orig_date),
                  ("WARC-Payload-Digest", digest), ("WARC-Block-Digest", sha1_b32(block)),
                  ("WARC-Truncated", "length")], block)

    def conversion(self, p, lang="eng"):
        block = p["text"].encode("utf-8")
        date = self.next_date()
        rid = self.next_id()
        self.add([("WARC-Type", "conversion"), ("WARC-Target-URI", p["url"]), ("WARC-Date", date),
                  ("WARC-Record-ID", rid), ("WARC-Refers-To", record_id(self.name + "/source", self.n)),
                  ("WARC-Block-Digest", sha1_b32(block)), ("WARC-Identified-Content-Language", lang),
                  ("Content-Type", "text/plain")], block)
        self.expect(p, rid, date)

    def expect(self, p, rid, date):
        url = p["url"]
        for n, e in enumerate(p["expect"]):
            rec = {"id": hashlib.sha1(("%s#%d" % (url, n)).encode("utf-8")).hexdigest()[:16],
                   "url": url, "domain": domain_of(url), "warc_record_id": rid, "warc_date": date,
                   "extractor": e["extractor"], "question": e["question"], "answer": e["answer"]}
            for k in ("solution", "choices"):
                if k in e:
                    rec[k] = e[k]
            # no non-ASCII whitespace anywhere, so C isspace() and str.split() agree
            assert not any(c.isspace() and ord(c) > 127 for c in json.dumps(e, ensure_ascii=False))
            rec["answer_words"] = len(e["answer"].split())
            self.expected.append(rec)

    def data(self):
        if self.gz:
            return b"".join(gzip.compress(r, compresslevel=9, mtime=0) for r in self.records)
        return b"".join(self.records)

    def write(self, outdir):
        with open(os.path.join(outdir, self.name), "wb") as f:
            f.write(self.data())
        with open(os.path.join(outdir, self.name + ".expected.jsonl"), "w", encoding="utf-8",
                  newline="\n") as f:
            for rec in self.expected:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")


CC_INFO = [("software", "Apache Nutch 1.19 (modified, https://github.com/commoncrawl/nutch/)"),
           ("isPartOf", "CC-MAIN-2024-10"), ("operator", "Common Crawl Admin (info@commoncrawl.org)"),
           ("description", "Wide crawl of the web for February/March 2024"),
           ("publisher", "Common Crawl"), ("format", "WARC File Format 1.0"),
           ("conformsTo", "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf")]


def build():
    fx = []

    f = Fixture("qapage.warc.gz", "2024-02-21T10:15", gz=True)
    f.warcinfo(CC_INFO)
    for p in (QA1, QA2, QA3):
        f.capture(p, metadata=True)
    fx.append(f)

    f = Fixture("faq.warc.gz", "2024-02-22T03:40", gz=True)
    f.warcinfo(CC_INFO)
    for p in (F1, F2, F3):
        f.capture(p)
    fx.append(f)

    f = Fixture("quiz.warc", "2024-02-26T14:02", gz=False, version=b"WARC/1.1")
    f.warcinfo([("software", "Heritrix/3.4.0-20220727 https://heritrix.readthedocs.io/"),
                ("format", "WARC File Format 1.1"), ("operator", "Open Courseware Archive")])
    for p in (QZ1, QZ2):
        f.capture(p)
    fx.append(f)

    f = Fixture("microdata.warc.gz", "2024-02-27T21:11", gz=True)
    f.warcinfo(CC_INFO)
    for p in (M1, M2, M3):
        f.capture(p)
    fx.append(f)

    f = Fixture("textqa.warc.gz", "2024-03-04T06:20", gz=True)
    f.warcinfo(CC_INFO)
    f.capture(T1)
    f.capture(N1)
    f.capture(T2)
    f.revisit(f.last_payload)
    for p in (T3, N2, T4, N3, T5, N4_SCRIPT, T6, N5_COMMENT, T7, N6_JSON, T8):
        f.capture(p)
    fx.append(f)

    f = Fixture("textqa.warc.wet", "2024-03-04T06:20", gz=False)
    f.info_id = f.next_id()
    info = ("Software-Info: ia-web-commons.1.1.10-SNAPSHOT-20240220\r\nExtracted-Date: Mon, 04 Mar 2024 "
            "09:12:45 GMT\r\nrobots: checked via crawler-commons 1.5-SNAPSHOT (https://github.com/"
            "crawler-commons/crawler-commons)\r\nisPartOf: CC-MAIN-2024-10\r\noperator: Common Crawl Admin "
            "(info@commoncrawl.org)\r\ndescription: Wide crawl of the web for February/March 2024\r\n"
            "publisher: Common Crawl\r\n").encode("utf-8")
    f.add([("WARC-Type", "warcinfo"), ("WARC-Date", "2024-03-04T09:12:45Z"),
           ("WARC-Filename", "CC-MAIN-20240304061500-20240304091500-00042.warc.wet.gz"),
           ("WARC-Record-ID", f.info_id), ("Content-Type", "application/warc-fields")], info)
    for p in (W1, W2, W3, W4, W5):
        f.conversion(p)
    fx.append(f)
    return fx


def build_bad(fx):
    """Four malformed files, each derived from the fixtures above (see README.md)."""
    by = {f.name: f for f in fx}
    bad = {}

    # 1. per-record gzip cut in the middle of the 6th member (the second page's response)
    q = by["qapage.warc.gz"]
    members = [gzip.compress(r, compresslevel=9, mtime=0) for r in q.records]
    cut = sum(len(m) for m in members[:5]) + len(members[5]) // 2
    bad["truncated.warc.gz"] = q.data()[:cut]

    # 2. uncompressed, Content-Length of the first response 10 bytes too long
    f = Fixture("quiz.warc", "2024-02-26T14:02", gz=False, version=b"WARC/1.1")
    f.warcinfo([("software", "Heritrix/3.4.0-20220727 https://heritrix.readthedocs.io/")])
    f.capture(QZ1, bad="cl+10")
    f.capture(QZ2)
    bad["content-length-long.warc"] = f.data()

    # 3. per-record gzip, raw 0xE9 (latin-1 e-acute) in a WARC-Target-URI value
    f = Fixture("faq.warc.gz", "2024-02-22T03:40", gz=True)
    f.warcinfo(CC_INFO)
    f.capture(F2, target_override=b"https://www.microecon-notes.net/elasticity/caf\xe9-faq")
    f.capture(F1)
    bad["non-utf8-header.warc.gz"] = f.data()

    # 4. per-record gzip, chunked response whose second chunk-size line is "zz"
    f = Fixture("faq.warc.gz", "2024-02-22T03:40", gz=True)
    f.warcinfo(CC_INFO)
    f.capture(F1)
    f.capture(F3, bad="chunk-zz")
    f.capture(M3)
    bad["bad-chunked.warc.gz"] = f.data()
    return bad


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    fx = build()
    os.makedirs(outdir, exist_ok=True)
    for f in fx:
        f.write(outdir)
    os.makedirs(os.path.join(outdir, "bad"), exist_ok=True)
    for name, data in build_bad(fx).items():
        with open(os.path.join(outdir, "bad", name), "wb") as fh:
            fh.write(data)
    for f in fx:
        print("%-20s %3d records %3d pairs" % (f.name, len(f.records), len(f.expected)))


if __name__ == "__main__":
    main()
