"""Names in news text: who is a person, who an organisation, and what a surname refers to.

No NER model: news names people in a stable way (full name, often with a title or an
apposition, on first mention; surname or pronoun afterwards), so a capitalised-run pattern,
a list of titles and a list of organisation words go a long way, at regex speed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .lexicon import FEMALE_NAMES, MALE_NAMES, UNISEX_NAMES, words

__all__ = [
    "ABBREVIATED_TITLE",
    "NAME_PATTERN",
    "PARTY_WORDS",
    "TITLES",
    "TITLE_RUN_WORDS",
    "NameRegistry",
    "attributive_noun",
    "gender",
    "generation",
    "is_bare_title",
    "is_description",
    "is_function_word",
    "is_given_name",
    "is_lead_in",
    "is_only_a_place",
    "is_organisation",
    "is_place",
    "is_plural_of_people",
    "is_pronoun",
    "person_after_office",
    "plain_title",
    "split_title",
    "strip_possessive",
    "without_generation",
]

_UPPER = "A-ZÀ-ÖØ-Þ"
ABBREVIATED_TITLE = (
    r"(?:Sen|Gov|Rep|Reps|Gen|Lt|Col|Sgt|Capt|Dr|Mr|Mrs|Ms|Jr|Sr|St|Rev|Prof|Maj|Adm|Cmdr|"
    r"Pres|Atty|Supt|Ft|Mt|Gens|Sens)\."
)
# ("U.S." and "J.K." are one word: "U.S. Defense Secretary" is a title, not "S. Defense ...")
# ("H&R Block", "AT&T": an ampersand between capitals is inside the word)
_WORD = (
    rf"(?:{ABBREVIATED_TITLE}|(?:[{_UPPER}]\.){{2,}}|[{_UPPER}]+&[{_UPPER}][\w’'\-]*|"
    rf"[{_UPPER}]\.|[{_UPPER}][\w’'\-]*)"
)
_PARTICLE = r"(?:de|del|della|di|da|dos|du|van|von|der|den|la|le|bin|ibn|al|el|st\.|ter)"
_GAP = r"[ \t\u00a0]+"  # names never run across a line break
# A run of capitalised words, possibly with lower-case particles ("Bill de Blasio"). The
# look-ahead changes nothing matched; it lets a search skip quickly to capitals (twice as fast).
NAME_PATTERN = rf"(?=[{_UPPER}]){_WORD}(?:{_GAP}(?:{_PARTICLE}{_GAP})*{_WORD})*"
_NAME_RE = re.compile(NAME_PATTERN)

TITLES = words(
    "mr mrs ms miss dr prof sen sens senator senators rep reps representative gov governor "
    "president vice "
    "mayor gen general lt col colonel maj major capt captain adm admiral sgt sheriff "
    "judge justice chief secretary minister prime pm premier chancellor ambassador commissioner "
    "director chairman chairwoman chair speaker leader rev reverend father pope king "
    "queen prince princess sir dame lord lady attorney councilman councilwoman "
    "councilmember councillor councilor congressman congresswoman assemblyman assemblywoman "
    "officer detective "
    "agent deputy former then-president then-attorney then-gov acting house senate state "
    "federal u.s. us first lady spokesman spokeswoman spokesperson candidate nominee "
    "treasurer superintendent inspector coach ceo cfo coo founder executive "
    "editor correspondent reporter anchor host commentator columnist analyst strategist "
    "adviser advisor economist professor producer managing whip majority minority ranking cmdr "
    "pastor"
)
# Words that join titles and bodies in a run before a name ("Harbour Minister and ferry board
# head Lia Park", "President and CEO of the Harbour Trust Ana Cole"), "and" aside
TITLE_RUN_WORDS = TITLES | words("of the head boss board owner member co-founder")
# A party as a word of its own: a description ("Republican strategist Ryan Williams",
# "one senior Democrat"), never a name.
PARTY_WORDS = words("Republican Democrat Democratic Conservative Liberal Libertarian Progressive")
# Capitalised prepositions that open a sentence and run into the name after them.
_LEAD_IN_PREPOSITIONS = words(
    "Despite Unlike Amid Without Following Including Against Besides Beyond Toward Towards "
    "Among Behind Through Within Throughout Alongside "
    # (a participle opening the sentence: "Hosting Cook on stage, Benioff asked ...")
    "Hosting Citing Quoting Asking Calling Echoing Joining Praising Defending Thanking "
    "Addressing Introducing Interviewing Accusing Blaming Criticizing Criticising Urging "
    "Welcoming Visiting Meeting Greeting Questioning Pressing Replying Answering Mocking"
)
_DESCRIPTOR_RE = re.compile(r"[A-Z][a-z]+-[a-z]+")  # "Singer-guitarist", not "Jean-Paul"
# Capitalised words that open a sentence without being part of the name that follows.
_FUNCTION_WORDS = words(
    "the a an and but or so yet then when while after before since although though "
    "because if in on at for as by with from to of about during later still also "
    "meanwhile however now today yesterday tomorrow last this that these those there here "
    "his her their its our my your we he she they it i you asked according says said told "
    "added monday tuesday wednesday thursday friday saturday sunday one some many most "
    "all both each asked where why how what who which whom whose like unlike "
    "everyone everybody someone somebody anyone anybody nobody maybe perhaps "
    # (a sentence may open on these before a name: "Whether Anutin can ...", "Even Intel")
    "whether whatever whoever whenever wherever given once even unless until despite indeed "
    "instead thus hence let only "
    "just normally simply always"
)
_ORG_WORDS = words(
    "press news times post journal tribune herald gazette daily weekly magazine network "
    "reuters ap afp cnn bbc nbc abc cbs fox msnbc npr pbs politico axios bloomberg "
    "department ministry office agency administration commission committee council board "
    "bureau service services institute foundation association union party campaign "
    "university college school court congress senate house government police fbi cia ice "
    "inc corp corporation company co group bank fund trust center centre organization "
    "organisation coalition alliance league federation society authority club team "
    "website report statement study poll survey white church mosque synagogue temple "
    "cathedral chapel hospital museum library airport stadium arena hotel restaurant "
    "nations assembly parliament newspaper radio tv television channel "
    # (outlets named after what they do: "the Orange County Register", "the Harbour Review")
    "review register courier chronicle observer inquirer sentinel bulletin examiner "
    "telegraph dispatch"
)
# Bodies known by their initials: one only when written in capitals
_ACRONYM_ORGS = words("ap afp cnn bbc nbc abc cbs msnbc npr pbs fbi cia ice")
# Places that read like names: never the person a pronoun stands for.
_PLACES = words(
    "d.c dc alabama alaska arizona arkansas california colorado connecticut delaware florida "
    "georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland "
    "massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio "
    "oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington "
    "wisconsin wyoming america china russia iran iraq syria israel mexico canada france "
    "germany britain england europe asia africa japan korea india ukraine london paris "
    "moscow beijing brussels denver chicago boston york jersey hampshire carolina dakota "
    "jersey manhattan brooklyn"
)
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "him", "her", "it"}) | words(
    # a first-person writer's contractions are no one's name ("I’ve answered questions")
    "i’ve i've i’d i'd i’m i'm i’ll i'll"
)


def _tokens(name: str) -> list[str]:
    return name.split()


# (the name tests below are pure and asked of the same names again and again: cached)
@lru_cache(maxsize=8192)
def is_place(name: str) -> bool:
    return any(w.strip(".,’'").lower() in _PLACES for w in _tokens(name))


@lru_cache(maxsize=8192)
def is_organisation(name: str) -> bool:
    """A name that reads as an organisation, outlet or document rather than a person."""
    tokens = [w.strip(".,’'") for w in _tokens(name)]
    words = [w.lower() for w in tokens]
    if any(
        w in _ORG_WORDS and (w not in _ACRONYM_ORGS or t.isupper())  # ("Cia Edmonds" is no CIA)
        for w, t in zip(words, tokens, strict=True)
    ):
        return True
    return len(words) == 1 and name.isupper() and len(name) > 1


@lru_cache(maxsize=8192)
def split_title(name: str) -> tuple[str, str]:
    """Split leading titles off a name.

    "Sen. Maria Cole" -> ("Sen.", "Maria Cole"); "Army Lt. Gen. Paul Reyes" ->
    ("Army Lt. Gen.", "Paul Reyes"): everything up to the last title word is the title.
    """
    tokens = _tokens(name)
    cut = 0
    for i, token in enumerate(tokens[:-1]):
        word = token.strip(".,").lower()
        if word in TITLES or (i == cut and word in _FUNCTION_WORDS):
            cut = i + 1
    lead = tokens[:cut]
    while lead and lead[0].strip(".,").lower() in _FUNCTION_WORDS:
        lead = lead[1:]
    if lead and lead[-1].lower() in {"for", "of", "on", "to"}:
        # "High Commissioner for Human Rights": an office named whole, not a title and a name
        return "", " ".join(tokens)
    return " ".join(lead), " ".join(tokens[cut:])


_LONGEST_TITLE = 5  # words; a longer "title" is a headline run ("Lia Park Praises ... Editor")


# Title words that only qualify another ("State" in "Secretary of State Lia Park"): alone,
# they are no role.
_QUALIFIERS = words("state house senate federal u.s. us first vice former acting then-president")


def plain_title(title: str) -> str | None:
    """A title fit to show as a role, or None ("", a headline run before a name, or a lone
    qualifier such as "State")."""
    if not title or len(title.split()) > _LONGEST_TITLE or title.strip(".").lower() in _QUALIFIERS:
        return None
    if sum(1 for w in title.split() if len(w) > 3 and w.isupper()) >= 2:
        return None  # "KILLED IN ISTANBUL Turkish President": an all-caps headline
    if any(w.lower() in _HEADLINE_WORDS for w in title.split()[1:] if w[:1].isupper()):
        return None  # "Mayor Praises Harbour Gazette’s Chief": a title-case headline
    return title


# "Secretary of State Lia Park": the name pattern stops at "of", so the title's head is
# found before it.
_TITLE_OF_RE = re.compile(
    r"(?:[A-Z][\w.]*\s+){0,2}(?:Secretary|Minister|Department|Attorney|Director|Chief|Chair|"
    r"Chairman|Chairwoman|Head|Governor|President|Commissioner)\s+of\s+(?:the\s+)?$"
)


# Words that put a title-case run in a headline rather than a name ("Park Says ...").
_HEADLINE_WORDS = _FUNCTION_WORDS | words(
    "is was are were be been will would can could should has have had do does did not no "
    "vs over up out into than says said slams wins loses wants calls backs praises blasts hits "
    "urges warns vows rips endorses defends attacks meets names picks taps"
)
# Common Chinese and Korean surnames, which open the full name ("Liu Xiaming", "Moon Jae-in").
SURNAME_FIRST = words(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin Gao Luo Zheng "
    "Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du "
    "Ye Cheng Wei Su Lu Ding Ren Shen Yao Jin Fu Fan Xi Wen Meng Qin Yan Zhong Wan Kong Mao "
    "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Moon Shin Ahn Ryu"
)
_BODY_BEFORE_RE = re.compile(r"\b([A-Z][\w\-]*)\s+(?:for|of|on)\s+(?:the\s+)?$")
_LONGEST_NAME = 8  # words in a person's full name, particles included, at most


_GENERATIONS = words("jr sr ii iii iv")  # (compared without dots or commas)


def generation(name: str) -> str | None:
    """The generation a full name ends on ("Stanley Milford Jr." -> "jr"), or None."""
    tokens = name.split()
    last = tokens[-1].strip(".,").lower() if len(tokens) > 2 else ""
    return last if last in _GENERATIONS else None


def without_generation(name: str) -> str:
    """ "Stanley Milford Jr." -> "Stanley Milford"; other names as they are."""
    return name.rsplit(None, 1)[0].rstrip(",") if generation(name) else name


class NameRegistry:
    """Full names of people mentioned in one article, to resolve later surnames against."""

    __slots__ = ("_by_suffix", "_names", "_roles")

    def __init__(self) -> None:
        self._names: list[str] = []
        self._roles: dict[str, str] = {}
        # "de blasio" -> {"Bill de Blasio"}: every proper word-suffix of every full name.
        self._by_suffix: dict[str, set[str]] = {}

    @classmethod
    def from_text(cls, text: str, names: Iterable[re.Match[str]] | None = None) -> NameRegistry:
        """The registry of `text`; `names` are the NAME_PATTERN matches in it, when the
        caller has them already (a scan of the whole text is most of the cost)."""
        registry = cls()
        lines: dict[int, bool] = {}  # line start -> in title case (each line read once)
        seen = [0, 0]  # how far the text was read, and where that line starts

        def title_case(at: int) -> bool:
            # (names come in order: read on from the last one, never back over a long line)
            read, start = seen if at >= seen[0] else (0, 0)
            newline = text.rfind("\n", read, at)
            start = newline + 1 if newline >= 0 else start
            seen[:] = [at, start]
            if start not in lines:
                lines[start] = _in_title_case_line(text, start)
            return lines[start]

        for match in _NAME_RE.finditer(text) if names is None else names:
            title, name = split_title(match.group(0))
            if " " not in name or is_organisation(name):
                continue
            if name.count(" ") >= _LONGEST_NAME:
                continue  # a run of capitalised words (a headline, a list), not one name
            if any(t.lower() in _HEADLINE_WORDS for t in _tokens(name)[1:]):
                continue  # a headline in title case ("Lia Park Was Right"), not a name
            if is_function_word(name.split()[-1]):
                continue  # a headline in title case ("Park Steps In"), not a name
            if any(t.strip(".").lower() in TITLES for t in _tokens(name)):
                continue
            tokens = _tokens(name)
            if not is_given_name(tokens[0]) and title_case(match.start()):
                continue  # "Read more: Protesters Urge Trump to Act": a headline's capitals
            if not is_given_name(tokens[0]):
                body = _BODY_BEFORE_RE.search(text, max(0, match.start() - 40), match.start())
                if body is not None and is_organisation(body.group(1)):
                    continue  # "Center for Scientific Research": the end of a body's name
            while len(tokens) > 2 and is_place(tokens[0]):
                tokens = tokens[1:]  # "envoy to Ukraine Kurt Volker": the place is not his
            while len(tokens) > 2 and is_lead_in(tokens[0]):
                tokens = tokens[1:]  # "Despite George Will’s warning": not part of his name
            if len(tokens) == 2 and is_lead_in(tokens[0]):
                continue  # "Hosting Cook on stage": a surname alone, not a second Cook
            if len(tokens) > 2 and text.endswith(" of ", 0, match.start()):
                # "Director of Public Prosecution Eva-Marie Persson": the office runs into
                # her name; she starts at the first given name
                head = _TITLE_OF_RE.search(text, max(0, match.start() - 40), match.start())
                given = person_after_office(tokens, guess=head is not None)
                if given is not None:
                    if head is not None and not title:  # "Chief of " + "Staff": his title
                        title = head.group(0) + " ".join(tokens[:given])
                    tokens = tokens[given:]
            if title and title.split()[0].strip(".").lower() in _QUALIFIERS:
                head = _TITLE_OF_RE.search(text, max(0, match.start() - 40), match.start())
                if head is not None:
                    title = head.group(0) + title  # "Secretary of " + "State"
            registry.add(
                _after_owner(tokens) or strip_possessive(" ".join(tokens)), plain_title(title)
            )
        return registry

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._names)

    def add(self, name: str, role: str | None = None) -> None:
        if name not in self._roles and role:
            self._roles[name] = role
        if name in self._names:
            return
        self._names.append(name)
        tokens = _tokens(name)
        if generation(name):
            # "Stanley Milford Jr. ... Milford said": the surname is the word before
            self._by_suffix.setdefault(tokens[-2].strip(",").lower(), set()).add(name)
        for i in range(1, len(tokens)):
            self._by_suffix.setdefault(" ".join(tokens[i:]).lower(), set()).add(name)

    def set_role(self, name: str, role: str) -> None:
        self._roles.setdefault(name, role)

    def role(self, name: str) -> str | None:
        return self._roles.get(name)

    def is_known_surname(self, name: str) -> bool:
        """True when `name` ends a full name given in the article (even if ambiguous)."""
        return strip_possessive(name).lower() in self._by_suffix

    def resolve(self, name: str) -> str:
        """The full name a surname (or short form) stands for, when exactly one fits."""
        name = strip_possessive(name)
        matches = self._by_suffix.get(name.lower())
        if matches and len(matches) == 1:
            return next(iter(matches))
        if matches and (_one_person(matches) or _same_but_initials(matches)):
            # "Joshua Apte ... Josh Apte ... Apte said", "L. Brent Bozell III ... Brent Bozell
            # ... Bozell said": one man, named twice
            return next(n for n in self._names if n in matches)
        if not matches and name in SURNAME_FIRST:
            # "Liu Xiaming ... Liu said": Chinese and Korean names put the surname first
            opening = [n for n in self._names if n.startswith(name + " ")]
            if len(opening) == 1:
                return opening[0]
        return name


def person_after_office(tokens: list[str], *, guess: bool = True) -> int | None:
    """Where the person starts in the run of capitals after an office's "of" ("Chief of" +
    "Staff Denis R. McDonough"): at the first given name, else (with `guess`) at the last
    word before the surname and its initials (the given-name lists miss many names); None
    when what would be left is a body ("Restaurant Association")."""
    if not tokens or is_given_name(tokens[0]):
        return None  # (the person is the whole run: "John F. Kerry")
    given = next((i for i, t in enumerate(tokens[1:-1], 1) if is_given_name(t)), None)
    if given is not None or not guess:
        return given
    i = len(tokens) - 2
    while i > 0 and _INITIAL_RE.fullmatch(tokens[i]):
        i -= 1  # ("Staff Denis R. McDonough": past the initials to the given name)
    if i < 1 or is_organisation(" ".join(tokens[i:])) or is_place(" ".join(tokens[i:])):
        return None
    return i


_INITIAL_RE = re.compile(r"[A-Z]\.")


def _after_owner(tokens: list[str]) -> str | None:
    """ "BBC’s Emily Maitlis": the person after an owner, when the owner is a body or the
    name after it opens with a given name (not "Ana Moreno’s Big Day")."""
    for i, token in enumerate(tokens[:-2]):
        if token.endswith(("’s", "'s")):
            owner, rest = " ".join(tokens[: i + 1])[:-2], tokens[i + 1 :]
            if owner.isupper() or is_organisation(owner) or is_given_name(rest[0]):
                return " ".join(rest)
            return None
    return None


_TITLE_CASE_SHARE = 0.7  # of a line's words capitalised: a headline, not a sentence
_TITLE_CASE_WORDS = 4


def _in_title_case_line(text: str, start: int) -> bool:
    """Whether the line opening at `start` is written in title case (a headline, a "Read
    more" link)."""
    end = text.find("\n", start)
    line = [w for w in text[start : end if end >= 0 else len(text)].split() if w[:1].isalpha()]
    if len(line) < _TITLE_CASE_WORDS:
        return False
    return sum(w[:1].isupper() for w in line) >= _TITLE_CASE_SHARE * len(line)


def _same_but_initials(names: set[str]) -> bool:
    """Whether full names differ only by initials or a generation that one of them leaves
    out ("L. Brent Bozell III" / "Brent Bozell"); not "George H. W. Bush" / "George W. Bush",
    nor "Tom Berg Jr." / "Tom Berg Sr."."""
    cores, initials, generations = set(), set(), set()
    for name in names:
        tokens = without_generation(name).split()
        short = tuple(t for t in tokens if len(t.rstrip(".")) == 1 and t[:1].isupper())
        cores.add(" ".join(t for t in tokens if t not in short))
        if short:
            initials.add(short)
        if generation(name):
            generations.add(generation(name))
    return len(cores) == 1 and len(initials) <= 1 and len(generations) <= 1


def _one_person(names: set[str]) -> bool:
    """Whether full names differ only by a short form of the given name ("Josh"/"Joshua")."""
    first, *others = (n.split(" ", 1) for n in names)
    if len(first) < 2:
        return False
    for other in others:
        if len(other) < 2 or other[1] != first[1]:
            return False
        short, long = sorted((first[0], other[0]), key=len)
        if len(short) < 3 or not long.startswith(short):
            return False
        if gender(short, given=True) != gender(long, given=True):
            return False  # "Dan" and "Daniela" are two people
    return True


@lru_cache(maxsize=8192)
def strip_possessive(name: str) -> str:
    """ "Moreno’s" -> "Moreno"; "Ana Moreno’s Big Day" -> "Ana Moreno"."""
    tokens = name.split()
    for i, token in enumerate(tokens[:-1]):
        if token.endswith(("’s", "'s")):
            name = " ".join(tokens[: i + 1])
            break
    for suffix in ("’s", "'s", "’", "'"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


_DETERMINERS = words("another other several two three four some many most few one each every no")


@lru_cache(maxsize=8192)
def is_description(speaker: str) -> bool:
    """A speaker written as a description ("a resident of Shiraz", "the premier", "Another
    employee", "officials"), not as a name."""
    first = speaker.split()[0] if speaker.split() else ""
    return first[:1].islower() or first.lower() in _DETERMINERS or is_function_word(first)


# A capitalised word used as an adjective, before a plural or collective noun: "Latin
# American countries", "Slovak media", "Nonprofit groups" (not a name, not a speaker alone)
_ATTRIBUTIVE_AFTER_RE = re.compile(
    r"[ \t\u00a0]+(?P<noun>countries|nations|states|groups|organi[sz]ations|media|outlets|"
    r"newspapers|press|officials|leaders|lawmakers|legislators|authorities|forces|troops|"
    r"citizens|voters|residents|sources|analysts|experts|critics|activists|students|workers|"
    r"fans|players|members|allies|governments|ministers|diplomats|people|companies|firms|"
    r"users|parties|communities|advocates|campaigners|protesters|researchers|scientists)\b"
)


# Plural nouns for people that open sentences capitalised ("Friends offered to vote for me",
# "Critics said"): a group, never the person a "he" or "she" stands for
_PLURAL_PEOPLE = words(
    "friends others critics officials residents analysts experts supporters opponents "
    "observers sources witnesses neighbors neighbours parents teachers students voters users "
    "fans protesters activists lawmakers legislators democrats republicans prosecutors aides "
    "investigators researchers scientists doctors officers members leaders advocates workers "
    "employees customers viewers readers commenters locals villagers authorities diplomats "
    "citizens campaigners organizers organisers participants attendees"
)


def is_plural_of_people(word: str) -> bool:
    """ "Friends", "Critics": a plural noun for people, not anyone's name."""
    return word.lower() in _PLURAL_PEOPLE


def attributive_noun(text: str, end: int) -> re.Match[str] | None:
    """The plural noun right after a capitalised word ending at `end`, when the word only
    describes it ("Slovak" + " media"), else None."""
    return _ATTRIBUTIVE_AFTER_RE.match(text, end)


@lru_cache(maxsize=8192)
def is_bare_title(speaker: str) -> bool:
    """A title with no one's name in it: "CEO", "Sports Minister", "the U.S. President", "the
    Harbour Minister"; not "President Lia Park" nor "the company"."""
    tokens = [w.strip(".,’'") for w in speaker.split()]
    if tokens and tokens[0].lower() == "the":
        tokens = tokens[1:]
    if not tokens or len(tokens) > _LONGEST_TITLE or tokens[-1].lower() not in TITLES:
        return False
    return not any(t[:1].islower() or is_given_name(t) for t in tokens)


@lru_cache(maxsize=8192)
def is_only_a_place(name: str) -> bool:
    """A speaker that is a place and nothing else ("Iran", "the Ukraine"): a country "said"
    it, while the person who spoke for it is not the one named."""
    tokens = [w.strip(".,’'").lower() for w in name.split()]
    tokens = [t for t in tokens if t != "the"]
    return bool(tokens) and all(t in _PLACES for t in tokens)


def is_lead_in(word: str) -> bool:
    """A capitalised word that runs into the name after it without being part of it: a
    preposition opening the sentence ("Despite George Will’s"), a party ("ranking Democrat
    Elijah Cummings") or a hyphenated description ("Singer-guitarists Tom Johnston")."""
    return (
        word in _LEAD_IN_PREPOSITIONS
        or word in PARTY_WORDS
        or _DESCRIPTOR_RE.fullmatch(word) is not None
    )


def is_given_name(token: str) -> bool:
    """ "Lia", "Jean-Paul": a first name from the given-name lists."""
    first = token.split("-")[0].lower()
    return first in FEMALE_NAMES or first in MALE_NAMES or first in UNISEX_NAMES


def is_function_word(word: str) -> bool:
    return word.strip(".,").lower() in _FUNCTION_WORDS


def is_pronoun(word: str) -> bool:
    return word.lower() in _PRONOUNS


_FEMALE_WORDS = words(
    "mrs mrs. ms ms. miss madam congresswoman spokeswoman chairwoman councilwoman "
    "assemblywoman businesswoman queen princess lady dame sister mother wife daughter "
    "actress grandmother widow"
)
_MALE_WORDS = words(
    "mr mr. congressman spokesman chairman councilman assemblyman businessman king prince "
    "lord sir father husband son actor grandfather widower"
)


def gender(name: str, role: str | None = None, *, given: bool = False) -> str | None:
    """ "f", "m" or None (unknown): from a gendered title or role word, else the given name
    (a single word counts as a given name only with `given`: alone it is usually a surname)."""
    for word in (role or "").lower().split():
        if word in _FEMALE_WORDS:
            return "f"
        if word in _MALE_WORDS:
            return "m"
    tokens = name.split()
    if not tokens or (len(tokens) < 2 and not given):
        return None
    first = tokens[0].strip(".,").lower()
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    return None
