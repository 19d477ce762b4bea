"""Who said a quote: attribution after it, before it, or in a neighbouring sentence."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from digest.extract.countries import gazetteer
from digest.extract.lexicon_data import COMMON
from digest.extract.people import Mention, person_name
from digest.extract.people_data import TITLES
from digest.extract.quotes import Span
from digest.extract.roster import Roster
from digest.extract.text import Disjoint

_VERB = (r"(?:kata|ujar|ucap|tutur|jelas|ungkap|tegas|imbuh|tambah|papar|terang|sebut|lanjut|cetus|"
         r"kilah|tukas|pungkas|seru|timpal|aku|tulis|cuit|bilang|pesan|harap|ajak|pinta|katakan|jawab|sahut|balas|"
         r"tanya|tandas|klaim|kisah)")
_AFTER = re.compile(
    r"(?:[^\"“”.\n]{0,60}?,)?\s*[,.!?]?\s*(?:[-–—]\s*)?(?:demikian|begitu|seperti\s+yang|sebagaimana)?\s*(?:"
    rf"({_VERB})(nya)?|(?:isi|bunyi)\s+(?:surat|pernyataan|keterangan|rilis|unggahan|tulisan|cuitan)|"
    r"(?:surat|pernyataan|keterangan|rilis)(?:\s+resmi)?|(?:di)?(?:ungkapkan|katakan|tegaskan|jelaskan|"
    r"sampaikan|tuturkan|tulis)(?:\s+oleh)?)\b[ \t]*([^\n]{0,160})")
_SAYS = (r"(?:mengatakan|menyatakan|menegaskan|menambahkan|menjelaskan|mengungkapkan|menyebut(?:kan)?|"
         r"menuturkan|memaparkan|berkata|bilang|menulis(?:kan)?|mengaku|menilai|mengklaim|menyampaikan|"
         r"menerangkan|mengimbau|berpendapat|berujar|bertutur|mencuit|mengingatkan|membantah|berharap|"
         r"meminta|mengucapkan|menanggapi|mengutarakan|mengemukakan|melanjutkan|menyerukan|memperingatkan|bersumpah|berjanji|menuding|menganggap|mengecam|"
         r"menekankan|menyatakan|mengungkap|menceritakan|bercerita|mengeluhkan|mengakui|menandaskan)")
# A speech verb (and the words between) after a sentence's subject. The subject is the text
# before its first match: that equals what "([^\n]*?)" before it captured, searching with
# "[^\n]*$" after it, in a segment whose only line break is its first character (the text
# before the first match plus that line break, which strip() removes). The lazy group made
# that search try every end at every offset: quadratic in the segment.
_SAYS_AFTER_SUBJECT = re.compile(rf"\s+(?:pun\s+|juga\s+|kemudian\s+|lantas\s+|lalu\s+)?{_SAYS}\b")
_BEFORE_MENURUT = re.compile(r"(?:[Mm]enurut|[Kk]ata|[Uu]jar)\s+([^,\n]{2,80}?)\s*[,:]?\s*$")
_FORWARD = re.compile(
    r"(?:[Dd]emikian|[Hh]al\s+(?:itu|tersebut|ini)|[Pp]ernyataan\s+(?:itu|tersebut|ini))\s+(?:\w+\s+)?"
    r"(?:dikatakan|diungkapkan|disampaikan|dijelaskan|ditegaskan|diutarakan|dinyatakan|ditulis|"
    r"dikemukakan|kata|ujar)\s+(?:oleh\s+)?([^\n.]{2,120})")
_PRONOUN = re.compile(r"(?:dia|ia|beliau|Dia|Ia|Beliau)\b")
_UNNAMED = re.compile(r"\b(?:seorang|salah\s+(?:satu|seorang)|sumber|beberapa|para|sejumlah|warga)\b")
_STOP = re.compile(r"\s+(?:kepada|di|saat|dalam|ketika|seusai|usai|pada|seperti|sambil|melalui|lewat|"
                   r"dilansir|dikutip|mengutip|sebagaimana|yang|sebelum|setelah|sesudah|menjelang|dan)\b|[,.;:!?]")
# Where the sentence holding a quote's attribution starts, in the text before the quote.
_SENTENCE_CUT = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z\"“])|[”\"]\s*,?")


@lru_cache(maxsize=1)
def _subject_stop() -> re.Pattern[str]:
    """Where a subject's "when" starts: "pada Jumat (1/3)", "Senin (4/3)", "pada 5 Maret"."""
    from digest.extract.dates import names

    days = "|".join(sorted((w.capitalize() for w in names().weekdays), key=len, reverse=True))
    return re.compile(rf"\s+(?:(?:pada|hari|saat|ketika|sejak)\s+)?(?=(?:hari\s+)?(?:{days})\b|\d)")


_SUBJECT_ASIDE = re.compile(r",\s+(?=[a-z])")
# Words that open a sentence before its subject ("Sementara itu, ..."): those that also open an
# unnamed role's sentence, those before a named subject, and those before a subject with an aside.
_TURNS = r"[Ss]ementara\s+itu|[Nn]amun|[Ss]elain\s+itu|[Dd]i\s+sisi\s+lain"
_LEADS = rf"{_TURNS}|[Kk]emudian|[Ll]alu|[Aa]dapun|[Ss]ebelumnya|[Ss]elanjutnya"
_CONNECTIVE = re.compile(rf"(?:{_LEADS}|[Mm]eski\s+demikian|[Dd]alam\s+kesempatan\s+itu)\s*,\s*")


def _without_aside(subject: str) -> str:
    """A sentence's subject without an opening connective or a trailing aside: "Sementara itu, mantan
    perdana menteri Haiti Laurent Lamothe, melalui akun Twitternya" -> "mantan perdana menteri Haiti Laurent Lamothe"."""
    subject = _CONNECTIVE.sub("", subject, count=1) if _CONNECTIVE.match(subject) else subject
    parts = _SUBJECT_ASIDE.split(subject, maxsplit=1)
    if len(parts) < 2 or not _CAPRUN.search(parts[0]):
        return subject
    # The aside names nobody ("melalui akun Twitternya"); one that does is where the subject
    # is ("Hanya saja, seperti dikutip Independent, Jackman").
    names = [r.group(0) for r in _CAPRUN.finditer(parts[1]) if not r.group(0).endswith("nya")]
    return subject if names else parts[0].strip()
# A role and whose it is, then a name in apposition: "kuasa hukum Budi, Andi Wijaya".
_APPOSITION = re.compile(r"\s*[a-z][a-z \t]*\s[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*,\s+"
                         r"([A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)+)")
_CAPRUN = re.compile(r"[A-Z][\w'’\-]*(?:\s+(?:[A-Z][\w'’\-]*|bin|binti|al-\w+))*")


@dataclass(frozen=True)
class Context:
    """What the attribution rules need to know about the article."""

    text: str
    people: list[str]
    link: dict[str, str]
    mentions: list[Mention]
    quotes: list[Span]

    @cached_property
    def roster(self) -> Roster:
        """The people, indexed for look-ups by name fragment."""
        return Roster(self.people)

    @cached_property
    def index(self) -> tuple[list[int], Disjoint]:
        """(mention starts, quote spans) for bisection, built on first use."""
        return [mt.start for mt in self.mentions], Disjoint([(q.start, q.end) for q in self.quotes])


def speakers(ctx: Context) -> list[str | None]:
    """The speaker of each quote in ``ctx.quotes`` (person, organisation, or None)."""
    out: list[str | None] = []
    for i, q in enumerate(ctx.quotes):
        who, found = _after(ctx, q)
        if not found:
            who, found = _before(ctx, q)
        if not found:
            who, found = _forward(ctx, q)
        if not found and _starts_sentence(ctx.text, q.start):
            who, found = _neighbour(ctx, i, out)
        out.append(who)
    return out


def _after(ctx: Context, q: Span) -> tuple[str | None, bool]:
    m = _AFTER.match(ctx.text, q.end)
    if not m or not q.closed:
        return None, False
    if m.group(2) or _PRONOUN.match(m.group(3)):
        return _previous_person(ctx, q.start), True
    return _phrase(ctx, m.group(3), q.start), True


def _before(ctx: Context, q: Span) -> tuple[str | None, bool]:
    text = ctx.text
    lo = max(q.start - 300, 0)  # bounded search: a text without line breaks stays linear
    start = max(text.rfind("\n", lo, q.start), lo)
    seg = text[start:q.start]
    cut = max((m.end() for m in _SENTENCE_CUT.finditer(seg)), default=0)
    seg = seg[cut:]
    m = _BEFORE_MENURUT.search(seg)
    if m:
        return _phrase(ctx, m.group(1), q.start), True
    m = _SAYS_AFTER_SUBJECT.search(seg)
    if m:
        subj = seg[:m.start()].strip()
        # "Menteri X pada Jumat (1/3) menyatakan": the subject ends before its when and where.
        subj = _subject_stop().split(subj, maxsplit=1)[0].strip() if subj else subj
        # "X, melalui akun Twitternya, mengatakan": what follows a comma and a lower-case
        # word is the how or the when, not the subject.
        subj = _without_aside(subj)
        if not subj or _PRONOUN.fullmatch(subj.split()[-1]):
            return _previous_person(ctx, q.start), True
        return _phrase(ctx, subj, q.start, last=True), True
    return None, False


def _forward(ctx: Context, q: Span) -> tuple[str | None, bool]:
    window = ctx.text[q.end:q.end + 400]
    m = _FORWARD.search(window)
    if not m:
        return None, False
    return _phrase(ctx, m.group(1), q.end + m.start(1)), True


def _neighbour(ctx: Context, i: int, done: list[str | None]) -> tuple[str | None, bool]:
    """A quote standing alone: the previous quote's speaker if close, else the last person named."""
    q = ctx.quotes[i]
    if i and q.start - ctx.quotes[i - 1].end < 600 and done[i - 1] is not None:
        return done[i - 1], True
    who = _previous_person(ctx, q.start, limit=600)
    return who, who is not None


def _starts_sentence(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos]
    return pos == 0 or before.endswith("\n") or bool(re.search(r"[.!?:”\"]\s+$|\n\s*$|^\s*$", before))


def _phrase(ctx: Context, phrase: str, pos: int, last: bool = False) -> str | None:
    """The speaker named by an attribution phrase ("Menteri Luar Negeri AS Rex Tillerson")."""
    appos = _APPOSITION.match(phrase)
    if appos and not last:
        phrase = appos.group(1)  # "kuasa hukum Budi, Andi Wijaya": Andi Wijaya speaks
    stop = _STOP.search(phrase)
    # The phrase on past its first "dan", up to the next stop: a body's name and who speaks for it.
    clause = (phrase[:stop.end()] + _STOP.split(phrase[stop.end():], maxsplit=1)[0]
              if stop and stop.group(0).strip() == "dan" else "")
    phrase = _STOP.split(phrase, maxsplit=1)[0].strip() if not last else phrase.strip()
    if not phrase:
        return _previous_person(ctx, pos)
    runs = list(_CAPRUN.finditer(phrase))
    if last:
        runs = runs[-1:]
    for r in runs:
        hit = _resolve_run(ctx, r.group(0))
        if hit:
            return hit
    if not last and clause:
        # "kata Asisten Sekretaris Kamar Dagang dan Industri UEA Mohamed A Al Nuaimi": the
        # body's name holds a stop word; the person closes the clause.
        tail = list(_CAPRUN.finditer(clause))[-1:]
        hit = _resolve_run(ctx, tail[0].group(0)) if tail else None
        if hit:
            return hit
    if runs:
        org = runs[0].group(0) if not last else runs[-1].group(0)
        if org.split()[0] in ("Ia", "Dia", "Beliau") or all(w in TITLES for w in org.split()):
            # A pronoun or a bare title ("kata Mendag") refers back to the person just named.
            return _previous_person(ctx, pos)
        if phrase[:1].islower() and _UNNAMED.search(phrase[: runs[0].start()]):
            return None
        short = untitled(org)
        # A post and a name the people finder missed ("Juru Bicara Provinsi X Ahmad Yani").
        return short if short != org and not any(w in gazetteer() for w in short.split()) else _org(ctx, org)
    if _UNNAMED.search(phrase):
        return None
    return _previous_person(ctx, pos)


def _resolve_run(ctx: Context, run: str) -> str | None:
    """The person a capitalised run names, trying it without its leading words one by one."""
    words = run.split()
    for i in range(len(words)):
        frag = " ".join(words[i:])
        hit = ctx.link.get(frag) or ctx.roster.resolve(frag)
        if hit:
            return untitled(hit)
    name = person_name(run)
    return untitled(name) if name and len(name.split()) > 1 else None


# Words that open a post or a body, besides TITLES: what comes before a person's own name.
_HEADS = frozenset({"Provinsi", "Bidang", "Koordinator", "Letnan", "Ditjen", "Partai", "Kementerian", "Bagian",
                    "Dinas", "Badan", "Direktorat", "Divisi", "Komisi", "Fraksi", "Biro", "Seksi", "Urusan"})


def untitled(name: str) -> str:
    """A person's name without the post written before it: "Juru Bicara Provinsi X Ahmad Yani" -> "X Ahmad Yani"
    at most one word of the post left; a name without a post word is kept whole."""
    words = name.split()
    cut = max((i for i, w in enumerate(words) if w in TITLES or w in _HEADS or (w.isupper() and len(w) > 1)),
              default=-1)
    rest = words[cut + 1:]
    if cut < 0 or len(rest) < 2 or not all(w[:1].isupper() for w in rest):
        return name
    return " ".join(rest)


def _org(ctx: Context, name: str) -> str:
    """An organisation's fullest form in the text ("Amnesty" -> "Amnesty International")."""
    best = name
    for m in re.finditer(re.escape(name) + r"(?:[ \t]+[A-Z][\w\-]*)+", ctx.text):
        if len(m.group(0)) > len(best) and not any(w in TITLES for w in m.group(0).split()[1:]):
            best = m.group(0)
            break
    return best


def _previous_person(ctx: Context, pos: int, limit: int = 100000) -> str | None:
    """The person named last before ``pos`` outside quotes (within ``limit`` characters).

    A subject or an attributed speaker wins over a name in passing ("seperti Michael
    Essien", "di Santiago Bernabeu"); without one, the last name of any kind.
    """
    starts, quoted = ctx.index
    fallback: str | None = None
    for k in range(bisect.bisect_left(starts, pos) - 1, -1, -1):
        mt = ctx.mentions[k]
        if pos - mt.start > limit:
            break
        q = quoted.index_at(mt.start)
        if q >= 0 and quoted.starts[q] < mt.start:
            continue  # named inside a quote: not the one speaking
        if _unnamed_between(ctx.text, mt.end, pos):
            return None  # "Kapten tim tamu mengakui ... ujarnya": someone unnamed came between
        name = untitled(ctx.link.get(mt.name, mt.name))
        if _salient(ctx.text, mt):
            return name
        fallback = fallback or name
    return fallback


# A sentence whose subject is a role without a name, and no demonstrative that points back to
# someone named ("kapten tim tamu mengakui", "Seorang warga mengatakan"; not "Pelatih itu mengatakan").
_UNNAMED_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?])[\"”]?\s+|\n)(?:(?:{_TURNS})\s*,?\s*)?"
    rf"([A-Za-z][a-z]+(?:[ \t]+[a-z]+){{1,4}})[ \t]+(?:pun[ \t]+|juga[ \t]+)?(?:{_SAYS}|mengakui)\b", re.MULTILINE)
# Words that make the subject no bare role: pointing back to someone named ("itu", "sang"),
# pronouns, and the conjunctions, auxiliaries and prepositions of a clause that is no subject.
_NO_ROLE = frozenset([
    "itu", "tersebut", "ini", "sang", "ia", "dia", "beliau", "mereka", "kami", "saya", "kita", "kau", "pun",
    "juga", "lanjut", "kemudian", "ketika", "saat", "dalam", "meski", "meskipun", "tapi", "tetapi", "namun",
    "banyak", "masih", "sudah", "telah", "akan", "sedang", "perlu", "guna", "tidak", "belum", "bisa", "harus",
    "mana", "untuk", "yang", "dan", "di", "ke", "dari", "pada", "lalu", "lantas", "setelah", "sebelum", "jika",
    "kalau", "bila", "karena", "sehingga", "agar", "supaya", "hal",
])


def _unnamed_between(text: str, lo: int, hi: int) -> bool:
    """True when a sentence in ``text[lo:hi]`` has an unnamed role for its subject."""
    for m in _UNNAMED_SUBJECT.finditer(text, lo, hi):
        words = m.group(1).split()
        if words[0].lower() in COMMON and _NO_ROLE.isdisjoint(w.lower() for w in words):
            return True
    return False


# A sentence opening before a subject: connectives, then capitalised titles and bodies.
_SUBJECT_LEAD = re.compile(rf"(?:(?:{_LEADS})\s*,?\s*)?"
                           r"(?:(?:[A-Z][\w.\-]*|dan|di),?\s+)*")
_ATTRIBUTED = re.compile(rf"(?:\b{_VERB}(?:nya)?|\b[Mm]enurut|\bdemikian)\s+[^.,;\"“”\n]*$")
_SAYS_NEXT = re.compile(rf"\s*(?:,[^,.\n]{{0,80}},\s*)?(?:pun\s+|juga\s+|kemudian\s+|lantas\s+)?{_SAYS}\b")


def _salient(text: str, mt: Mention) -> bool:
    """True when a mention is a sentence's subject or a quote's attributed speaker."""
    before = text[max(0, mt.start - 160):mt.start]
    cut = max((m.end() for m in _SENTENCE_CUT.finditer(before)), default=0)
    cut = max(cut, before.rfind("\n") + 1)
    if cut or mt.start <= 160:
        lead = before[cut:]
        m = _SUBJECT_LEAD.match(lead)
        # "Menurut Faizal, Rizieq merupakan ...": Faizal speaks; the subject after is what he said.
        if m and m.end() == len(lead) and not lead.startswith("Menurut "):
            return True
    return bool(_ATTRIBUTED.search(before[-100:]) or _SAYS_NEXT.match(text, mt.end))
