"""Gatehouse's web UI as people use it, in headless Chromium (tests/e2e/browser.sh).

Usage: ui.py PORT SITE-DIR OFFICER-TOTP-SECRET SCREENSHOT-DIR GATEHOUSE-BINARY
"""
import base64
import hashlib
import hmac
import os
import socket
import struct
import subprocess
import sys
import threading
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

PORT, SITE, KARIM_SECRET, SHOTS, GH = sys.argv[1:6]
BASE = "https://127.0.0.1:%s" % PORT
ENV = dict(os.environ, GATEHOUSE_DB=SITE + "/config.db",
           GATEHOUSE_JOURNAL=SITE + "/journal.db")


def fail(msg):
    print("browser: " + msg, file=sys.stderr)
    sys.exit(1)


def totp(secret, shift=0):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    c = int(time.time() // 30) + shift
    h = hmac.new(key, struct.pack(">Q", c), hashlib.sha1).digest()
    o = h[19] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000)


def gh(*args):
    return subprocess.run([GH] + list(args), env=ENV, capture_output=True, text=True)


class Emulator:
    """The control socket of one reader's PN532 emulator."""

    def __init__(self, reader):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect("%s/readers/%s.ctl" % (SITE, reader))
        self.f = self.s.makefile("rw")

    def ask(self, req):
        self.f.write(req + "\n")
        self.f.flush()
        return self.f.readline().strip()

    def tap(self, name, hold=0.6):
        ans = self.ask("place " + name)
        if not ans.startswith("ok"):
            fail("place %s: %s" % (name, ans))
        time.sleep(hold)
        self.ask("remove")


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
              "--window-size=1280,1000", "--disable-gpu"):
        o.add_argument(a)
    # The site's own self-signed certificate (made by `gatehouse init`); the TLS side
    # is checked with verification in tests/e2e/web.sh.
    o.accept_insecure_certs = True
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(60)
    return d


def wait(d, cond, what, timeout=10):
    try:
        return WebDriverWait(d, timeout, poll_frequency=0.05).until(cond)
    except TimeoutException:
        shot(d, "failure")
        fail("timed out waiting for " + what + " on " + d.current_url)


def shot(d, name):
    d.save_screenshot(os.path.join(SHOTS, name + ".png"))
    if name == "failure":
        print(d.find_element(By.TAG_NAME, "body").text[:2000], file=sys.stderr)


def login(d, name, password, code=""):
    d.delete_all_cookies()
    d.get(BASE + "/login")
    d.find_element(By.NAME, "name").send_keys(name)
    d.find_element(By.NAME, "password").send_keys(password)
    if code:
        d.find_element(By.NAME, "code").send_keys(code)
    d.find_element(By.CSS_SELECTOR, "form.login button").click()
    wait(d, lambda d: "/login" not in d.current_url, "the login of " + name)


def replaced(old):
    """The page holding `old` has been replaced by another."""
    def gone(d):
        try:
            old.tag_name
            return False
        except WebDriverException:  # stale, or no longer in the document
            return True
    return gone


def submit(d, form):
    """Send a form and wait for the page that answers it."""
    old = d.find_element(By.TAG_NAME, "html")
    d.find_element(By.CSS_SELECTOR, "#%s button" % form).click()
    wait(d, replaced(old), "the answer to " + form, 60)


def flash(d, kind="done"):
    return wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, ".flash." + kind) or
                (d.find_elements(By.CSS_SELECTOR, ".flash.error, p.error") if kind == "done"
                 else None), "a message")[0].text


def select(d, form, name, value):
    Select(d.find_element(By.CSS_SELECTOR, "#%s [name=%s]" % (form, name))
           ).select_by_value(value)


def fill(d, form, name, value):
    e = d.find_element(By.CSS_SELECTOR, "#%s [name=%s]" % (form, name))
    e.clear()
    e.send_keys(value)


def enroll(d, person, card, uid):
    """Enroll a blank DESFire card at the desk: the card is laid on the enrollment
    reader while the page waits for it."""
    acc = Emulator("r-accueil")
    ans = acc.ask("card %s desfire %s" % (card, uid))
    if not ans.startswith("ok"):
        fail("card %s: %s" % (card, ans))
    d.get(BASE + "/desk")
    select(d, "enroll-form", "person", person)
    select(d, "enroll-form", "reader", "r-accueil")

    def lay():
        time.sleep(2.0)
        acc.ask("place " + card)
        time.sleep(3.0)
        acc.ask("remove")
    t = threading.Thread(target=lay)
    t.start()
    submit(d, "enroll-form")
    msg = flash(d)
    t.join()
    if "personnalisé" not in msg:
        fail("enrolling %s for %s: %s" % (card, person, msg))
    acc.ask("save %s %s/%s.card" % (card, SITE, card))


def feed_row(d, person, decision, since_seq, timeout):
    sel = "#feed tr[data-person='%s'][data-decision='%s']" % (person, decision)

    def found(d):
        for r in d.find_elements(By.CSS_SELECTOR, sel):
            if int(r.get_attribute("data-seq")) > since_seq:
                return r
        return None
    return wait(d, found, "%s %s in the live feed" % (person, decision), timeout)


def head_seq(d):
    rows = d.find_elements(By.CSS_SELECTOR, "#feed tr[data-seq]")
    return max([int(r.get_attribute("data-seq")) for r in rows] or [0])


def guard_scenario(d):
    """R-VISITOR-ID, R-ESCORT: the guard's day."""
    login(d, "samir", "le gardien de nuit veille bien")
    if not d.current_url.endswith("/desk"):
        fail("a guard lands on %s, not the desk" % d.current_url)
    shot(d, "fr-desk")
    today = time.strftime("%Y-%m-%d")
    f = "register-form"
    fill(d, f, "ref", "V-7001")
    fill(d, f, "name", "Nadia Chraïbi")
    select(d, f, "kind", "visitor")
    fill(d, f, "org", "Cabinet Atlas")
    select(d, f, "doc_type", "passport")
    fill(d, f, "doc_number", "AB123456")
    select(d, f, "host", "S-0001")
    submit(d, "register-form")
    msg = flash(d)
    if "Enregistré" not in msg or "Nadia Chraïbi" not in d.find_element(By.ID, "results").text:
        fail("registering the visitor: %s" % msg)
    visits = gh("person", "list", "--format", "csv").stdout
    if "V-7001" not in visits:
        fail("the visitor is not in the database")
    # Both the visitor and her escort get secure cards (the server room requires them).
    enroll(d, "V-7001", "vcard", "04A0B0C0D0E001")
    enroll(d, "S-0001", "ecard", "04A0B0C0D0E002")
    badges = gh("badge", "list", "--format", "csv").stdout
    if badges.count("desfire") < 2:
        fail("the personalised cards are not recorded: " + badges)
    select(d, "escort-form", "visitor", "V-7001")
    select(d, "escort-form", "escort", "S-0001")
    submit(d, "escort-form")
    if "aujourd'hui" not in flash(d) or "Nadia" not in d.find_element(By.ID, "escorts").text:
        fail("pairing the escort")
    shot(d, "fr-desk-done")
    # At the server room: the cards taken from the desk to the door's reader.
    door = Emulator("r-serveurs-in")
    for c in ("vcard", "ecard"):
        ans = door.ask("load %s %s/%s.card" % (c, SITE, c))
        if not ans.startswith("ok"):
            fail("load %s: %s" % (c, ans))
    d.get(BASE + "/live")
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#doors .tile"), "the door board")
    time.sleep(1.0)     # the live stream is connected
    seq = head_seq(d)
    t0 = time.time()
    door.tap("vcard")
    # Alone, the visitor waits escort-window-s (3 s here) for an escort, then is refused.
    feed_row(d, "V-7001", "refused", seq, 8)
    lat_refused = time.time() - t0 - 3
    time.sleep(1.0)
    seq = head_seq(d)
    t0 = time.time()
    door.tap("vcard")
    door.tap("ecard")
    row = feed_row(d, "V-7001", "granted", seq, 5)
    lat_granted = time.time() - t0
    if "S-0001" not in row.text:
        fail("the escort is not shown with the visitor: " + row.text)
    print("browser: live feed: the refusal shown %.2f s after the escort window closed, "
          "the escorted entry %.2f s after the first tap" % (lat_refused, lat_granted))
    shot(d, "fr-live")
    # The desk shows who is inside the restricted zones now.
    d.get(BASE + "/desk")
    inside = d.find_elements(By.CSS_SELECTOR,
                             "#on-site tr.sensitive[data-person='V-7001'][data-zone='Salle serveurs']")
    if not inside or "Karim Tazi" not in inside[0].text:
        fail("the desk does not show the visitor and her escort in the server room")
    ev = gh("events", "--person", "V-7001", "--format", "csv").stdout
    if "escort-required" not in ev or "S-0001" not in ev:
        fail("the journal lacks the refusal or the escorted entry:\n" + ev)


def guard_denied(d):
    """R-LEAST-PRIVILEGE: officer pages and API calls are refused to a guard."""
    for path in ("/site", "/reviews"):
        d.get(BASE + path)
        if "ne donnent pas accès" not in d.find_element(By.TAG_NAME, "main").text:
            fail("a guard reached " + path)
    d.get(BASE + "/live")
    status = d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const csrf = document.getElementById('live').dataset.csrf;
        fetch('/api/v1/mode', {method: 'POST', headers: {'X-CSRF-Token': csrf},
              body: new URLSearchParams({mode: 'lockdown', reason: 'test'})})
          .then(r => done(r.status));""")
    if status != 403:
        fail("a guard's lockdown through the API answered %s" % status)
    if d.find_elements(By.ID, "mode-form") or d.find_elements(By.ID, "unlock-form"):
        fail("a guard is shown the officer's actions")


def officer_scenario(d):
    """R-NO-PUBLIC-SENSITIVE, R-RIGHTS-REPORT, R-SIGN: the officer's site."""
    login(d, "karim", "une phrase de passe assez longue", totp(KARIM_SECRET))
    d.get(BASE + "/site")
    shot(d, "fr-site")
    f = "zone-form"
    fill(d, f, "name", "Archives")
    select(d, f, "level", "sensitive")
    fill(d, f, "sign", "Zone sensible — archives, accès nominatif")
    submit(d, "zone-form")
    msg = flash(d)
    if "Archives" not in d.page_source:
        fail("the new zone is not shown: " + msg)
    f = "door-form"
    fill(d, f, "name", "Porte archives")
    select(d, f, "from", "Hall d'accueil")
    select(d, f, "to", "Archives")
    submit(d, "door-form")
    err = wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, ".flash.error, p.error"),
               "the refusal of a public-sensitive door")[0].text
    if "public" not in err.lower() or "sensi" not in err.lower():
        fail("the refusal does not show the rule: " + err)
    d.get(BASE + "/site")
    fill(d, "door-form", "name", "Porte archives")
    select(d, "door-form", "from", "Salle d'exploitation")
    select(d, "door-form", "to", "Archives")
    submit(d, "door-form")
    flash(d)
    if "Porte archives" not in gh("door", "list").stdout:
        fail("the door was not added")
    d.get(BASE + "/site")
    if not d.find_elements(By.CSS_SELECTOR, "#site-graph"):
        fail("no site graph")
    # A grant, then the person's rights report.
    d.get(BASE + "/person?ref=E-1003")
    select(d, "grant-form", "profile", "Sûreté")
    submit(d, "grant-form")
    flash(d)
    d.get(BASE + "/person?ref=E-1003")
    if "Salle serveurs" not in d.find_element(By.TAG_NAME, "main").text:
        fail("the rights report lacks the granted zone")
    shot(d, "fr-person")
    if "web:karim" not in gh("audit").stdout:
        fail("the audit trail does not name web:karim")
    d.get(BASE + "/documents/signs")
    if "Archives" not in d.find_element(By.TAG_NAME, "main").text:
        fail("no sign for the new restricted zone")
    shot(d, "fr-signs")


def languages(d):
    """Every main page in French, Arabic and English; Arabic right to left."""
    pages = [("desk", "/desk"), ("live", "/live"), ("site", "/site"),
             ("people", "/people"), ("person", "/person?ref=V-3002"),
             ("documents", "/documents"), ("events", "/events"), ("audit", "/audit"),
             ("reviews", "/reviews")]
    for lang in ("ar", "en", "fr"):
        d.get(BASE + "/live")
        old = d.find_element(By.TAG_NAME, "html")
        d.find_element(By.CSS_SELECTOR, ".langs button[value=%s]" % lang).click()
        wait(d, replaced(old), "the page in " + lang)
        for name, path in pages:
            d.get(BASE + path)
            html = d.find_element(By.TAG_NAME, "html")
            if html.get_attribute("lang") != lang:
                fail("%s is not in %s" % (path, lang))
            want = "rtl" if lang == "ar" else "ltr"
            if html.get_attribute("dir") != want:
                fail("%s in %s: dir is %s" % (path, lang, html.get_attribute("dir")))
            direction = d.execute_script(
                "return getComputedStyle(document.querySelector('main')).direction")
            if direction != want:
                fail("%s in %s renders %s" % (path, lang, direction))
            shot(d, "%s-%s" % (lang, name))
        if lang == "ar":
            # Mirrored: the brand sits on the right, the language switch on the left.
            brand = d.find_element(By.CSS_SELECTOR, ".brand").rect
            langs = d.find_element(By.CSS_SELECTOR, ".langs").rect
            if not brand["x"] > langs["x"]:
                fail("the Arabic header is not mirrored")
            if "الأحداث" not in d.find_element(By.TAG_NAME, "header").text:
                fail("the Arabic navigation is not translated")


def main():
    d = browser()
    try:
        guard_scenario(d)
        guard_denied(d)
        officer_scenario(d)
        languages(d)
    finally:
        d.quit()
    print("browser: screenshots: " + " ".join(sorted(os.listdir(SHOTS))))


main()
