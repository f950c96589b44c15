"""The grammar of a speech cue, as regex fragments: speech verbs, noun phrases, names, roles.

Cue finders (`quote_cues`) and speaker resolution (`quote_speakers`) build their patterns from
the same pieces, so "X said" means the same to both. The pieces stay strings (and word sets):
each user compiles only the combinations it needs, next to the code that reads them.
"""

from __future__ import annotations

from .lexicon import words
from .names import NAME_PATTERN

__all__ = [
    "ADVERBS",
    "AGE",
    "ASIDES",
    "GESTURE_VERBS",
    "IRREGULAR_PAST",
    "MODS",
    "NP",
    "PARTY",
    "PLURAL_NOUNS",
    "PLURAL_VERBS",
    "POSSESSIVE_NP",
    "PRONOUN",
    "ROLE_APPOSITION",
    "TAIL_VERBS",
    "TAIL_VERB_GROUP",
    "TEAM",
    "TOOK_TO",
    "VERBS",
    "VERB_GROUP",
    "WEAK_VERBS",
    "WHEN",
    "WHO",
]

_NOT_KEPT_UP = (
    r"(?!\s+(?:a|an|the|his|her|their|its|our|daily|close|regular|strong|good|contact|ties|"
    r"control|relations?|links?|order|silence|power|offices?|homes?|records?)\b)"
)
VERBS = (
    "said|says|say|told|tells|tell|added|adds|continued|continues|went on|wrote|writes|"
    "tweeted|tweets|posted|stated|states|explained|explains|noted|notes|asked|asks|replied|"
    "replies|responded|argued|argues|insisted|insists|claimed|claims|declared|declares|"
    "warned|warns|announced|announces|reported|reports|recalled|recalls|acknowledged|"
    "admitted|admits|observed|suggested|suggests|remarked|concluded|complained|joked|quipped|"
    "predicted|pointed out|emphasized|emphasised|stressed|contended|countered|"
    # ("maintained daily contact" is an act; "maintained that", "maintained: “" speech)
    f"maintained{_NOT_KEPT_UP}|"
    "urged|asserted|surmised|recounted|vented|opined|reads|pressed|answered|testified|conceded|"
    "agreed(?! to )|"  # ("agreed to pay" is an act)
    "related(?=,)|relates(?=,)|"  # ("As he related, “...”", not "costs related to")
    "boasted|lamented|vowed|promised|cautioned|charged|shouted|points out|"
    "yelled|exclaimed|mused|offered|confirmed|confirms|cautions|"
    "according to|wondered|thundered|snapped|told reporters|"
    "called|calls|pledged|pledges|proclaimed|mocked|mocks|accused|accuses|demanded|demands|"
    "exhorted|cited|cites|praised|praises|criticized|criticised|criticizes|blasted|slammed|"
    "touted|branded|labeled|labelled|dubbed|"
    "retorted|retorts|jokes|quips|confessed|concludes|barked|chanted|fumed|scoffed|"
    "interjected|marveled|marvelled|bragged|boasts|laments|stresses|emphasizes|acknowledges|"
    "recounts|cautioned|tells reporters|explained to|insisted to|screamed|screams|assured|"
    "assures|reiterated|reiterates|repeated|recited|sang|sings|puts it|put it|described|describes|"
    "elaborated|remembered|remembers|riffed|retaliated|shot back|fired back|"
    "interrupted|responds|reiterated|observes|recalled|spoke|speaks|"
    # (present tense, as features write: "Berg insists", "Park vows")
    # (not those that are nouns as often: "remarks", "promises", "answers", "vows")
    "agrees(?! to )|asserts|brags|complains|concedes|confesses|contends|exclaims|interjects|"
    f"maintains{_NOT_KEPT_UP}|muses|pleads|predicts|scoffs|testifies|pleaded|begged|whispered|"
    "murmured|"
    "muttered"
)
# What a speaker did while speaking: a cue after "“...,”", an act after "“....”" ("“We won.”
# The crowd laughed." is no cue).
GESTURE_VERBS = "laughed|laughs|chuckled|smiled|sighed|shrugged|nodded|beamed"
# After a quote only: "“...,” the statement read" (before one, "read" is reading a title aloud).
# ("“...,” Ames began." and "“...?” reacted Ames", not "Ames began the hearing")
TAIL_VERBS = (
    rf"{VERBS}|read|write|state|Tweeted|(?:reacted|reacts)(?=\s*[,.;]|\s+[A-Z])"
    r"|(?:started|began)(?=\s*[,.;])"
    # how it was said, right after the quote only ("“...,” Lia Park laughed.")
    rf"|{GESTURE_VERBS}|gushed|enthused|"
    r"cheered|crowed|roared|bellowed|cried|hissed|growled|snarled|muttered|mumbled|"
    r"whispered|murmured|grumbled|griped|fretted|deadpanned|teased|pleaded|begged|"
    r"implored|protested|objected|reasoned|speculated|theorized|ventured|inquired|"
    r"queried|confided|texted|emailed|messaged|chimed in|piped up|sniffed|scolded|"
    r"advised|recommended|proposed|alleged|threatened|gasped|groaned|shot back|wrote back|"
    # (what the words do, after the quote: "“...,” Park clarified.")
    r"denied|denies|guessed|guesses|estimated|estimates|clarified|clarifies|summarized|"
    r"summarised|summarizes|summed up|reckoned|reckons|posited|hedged|cracked|raved|"
    r"rejoined|corrected|affirmed|affirms|acknowledges|commented|comments|weighed in|"
    r"related|relates|shouts|yells|hollers|chants|whispers|mutters|snaps|sighs|cries out"
    # present tenses after a plural subject ("“...,” the authors conclude.")
    r"|conclude|argue|note|add|explain|insist|warn|contend|observe|recall|counter|"
    r"agrees|counters|questioned|wonders|"
    # (taking up what another said, or looking back: "“...,” echoes Prado.")
    # ("the economy reflects an improvement" is no speech)
    r"echoed|echoes|(?:reflected|reflects)(?=\s*[,.;])"
)
# "Dan Ruiz on Thursday ratcheted up ...": a day between a subject and its verb.
WHEN = (
    r"(?:\s+(?:on|last|early|late|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|week|night|morning|evening|afternoon)"
    # ("Lia Park during a Sunday rally thanked ...")
    r"|\s+during\s+(?:a|an|the|his|her|their)\s+(?:[A-Za-z][\w\-]*\s+){0,2}?[A-Za-z][\w\-]*)"
)
# Past tenses without -ed, so that "Tom Berg shook his head" has a subject too.
IRREGULAR_PAST = (
    "shook|took|gave|made|spoke|went|began|came|saw|knew|thought|felt|left|kept|held|"
    "brought|stood|sat|ran|won|lost|met|sent|spent|built|led|heard|paid|put|set|cut|hit|"
    "got|found|became|chose|drew|drove|fell|flew|forgot|grew|hung|hid|laid|lay|meant|"
    "rose|sang|sold|sought|struck|swore|taught|threw|understood|woke|wore|withdrew"
)
# Verbs that characterise rather than report speech: a one- or two-word quote they carry
# is a scare quote ("called the plan a “disaster”"), not a quote worth listing.
WEAK_VERBS = words(
    "called calls pledged pledges proclaimed mocked mocks accused accuses demanded "
    "demands exhorted cited cites praised praises criticized criticised criticizes "
    "blasted slammed touted branded labeled labelled dubbed described describes"
)
ADVERBS = (
    r"(?:reportedly|also|later|then|recently|previously|once|further|again|simply|"
    r"flatly|bluntly|repeatedly|publicly|privately|earlier|had|has|have|would|will|"
    r"once|famously|allegedly|apparently|reportedly|himself|herself|themselves|itself|both|"
    r"each|all)"
)
_DET = (
    r"(?:[Tt]he|[Aa]n?|[Aa]nother|[Oo]ne of|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ss]everal|[Ss]ome|"
    r"[Mm]any|[Oo]ther|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]his|[Tt]hat)"
)
PLURAL_NOUNS = (
    r"(?:officials|sources|critics|experts|analysts|aides|residents|observers|supporters|"
    r"opponents|protesters|protestors|advocates|lawmakers|investigators|authorities|police|"
    r"prosecutors|officers|researchers|voters|people|activists|scientists|economists|"
    r"doctors|witnesses|organizers|organisers|leaders|members|staffers|insiders|neighbors|"
    r"neighbours|parents|students|teachers|workers|employees|executives|diplomats|attorneys|"
    r"lawyers|lobbyists|strategists|donors|delegates)"
)
_NOT_IN_NP = (
    r"(?!(?:that|which|who|whom|when|where|while|and|but|or|he|she|they|it|we|i|said|says|"
    r"is|was|are|were|has|have|had|will|would|to|then|if|because|be|being|been|can|could|"
    r"should|may|might|must|without|not|do|does|did|also|as|how|why|what|whether)\b)"
)
# A noun phrase after a preposition is a place or a time ("in a later interview"), not a speaker.
_NOT_AFTER_PREPOSITION = "".join(
    rf"(?<!\b{p} )"
    for p in (
        "in",
        "In",
        "of",
        "at",
        "At",
        "on",
        "On",
        "for",
        "with",
        "from",
        "by",
        "into",
        "across",
        "over",
        "about",
        "against",
        "around",
        "through",
        "under",
        "between",
        "among",
        # (an opening clause, "After a host mocked it as “...”, Lia Park ...", stays out;
        # "..., even after the mayor said that “...”" is a cue)
        "After",
        "Before",
        "during",
        "During",
        "inside",
        "outside",
        "near",
        "within",
        "behind",
    )
)
# "Moreno’s office", "Moreno’s campaign spokesman", "China’s ambassador to Britain"
POSSESSIVE_NP = (
    # (not a contraction: "That’s why", "It’s what")
    r"(?!(?:That|It|There|Here|What|Who|He|She|Let|Where|How|Now|Today)[’']s\b)"
    r"[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,3}[’']s"
    r"(?: (?!(?:and|or|but|that|which|who|to|of|in|on|at|for|with|by|was|were|is|are|had|has|"
    r"have|been|be|will|would)\b)[A-Za-z][\w\-]*){1,3}?"
    # ("China’s ambassador to Britain", "Ukraine’s envoy to the United Nations")
    r"(?: (?:to|in|at) (?:the )?[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,2})?"
)
_NOT_MODIFIER = (
    r"(?!(?:to|of|in|on|at|for|with|by|from|and|or|but|his|her|their|its|our|the|a|an|"
    r"that|said|says|told|"
    # ("You often hear parents say “...”": the speakers are the parents, not "hear parents")
    r"hear|hears|heard|see|sees|saw|watch|watches|watched|often|always|never|sometimes|"
    r"usually|even|also|still|just|ever)\b)"
)
# (an article inside a noun phrase only after a preposition: "the head of the agency", not
# "the company celebrated the", which is a subject, its verb and an object)
_NP_INNER = (
    rf"(?:(?:of|for|at|on|in|with|from|by)\s+(?:the|a|an)\s+"
    rf"|{_NOT_IN_NP}(?!(?:the|a|an)\b)[\w’'.\-]+\s+)"
)
NP = (
    rf"(?:{POSSESSIVE_NP}|{_NOT_AFTER_PREPOSITION}{_DET}\s+{_NP_INNER}{{0,6}}?"
    # (nor ending on an adverb: "the newly announced changes")
    rf"{_NOT_IN_NP}(?!(?:the|a|an)\b|[a-z]+ly\b)[\w’'\-]+"
    rf"|(?:{_NOT_MODIFIER}[a-z][\w\-]+\s+){{0,2}}{PLURAL_NOUNS})"
)
PRONOUN = r"(?:he|she|they|we|it|I|He|She|They|We|It)"
# Lower-case modifiers before a name: "state Sen. Lia Park", "retired Army Lt. Gen. X".
MODS = (
    r"(?:(?:(?!(?:of|in|on|at|to|for|with|about|that|the|a|an|and|but|as|by|from|into|"
    r"after|before|during|since|when|while|if|until|unless|because|although|whereas|who|"
    r"whom|whose|which|where|is|was|are|were|has|had|have|said|says|than|like|or|so|told|tells|"
    r"he|she|they|we|it|you)\b)"
    r"[a-z][\w\-]*\.?\s+"
    # ("said Republican strategist Ryan Williams", "said former Utah governor Mike Lee": a
    # party or a place among the words describing them)
    # (not a name with a particle: "Van der Berg")
    r"|(?:[A-Z][\w.\-]*\s+){1,3}(?=(?!(?:van|von|de|der|den|da|di|du|del|della|le|la|bin|ibn|"
    r"al|el|dos|das|ter|ten|op)\b)[a-z])"
    r"|\d{1,3}-year-old\s+"  # ("wrote 43-year-old Martin Taylor")
    r"){0,3})"
)
PARTY = r"(?:\s*\([^()]{1,15}\),?)?"  # "Sen. Lia Park (D-Ore.)"
# ("Paganini and his team wrote": the named lead speaks for the group)
TEAM = (
    r"(?:\s+and\s+(?:his|her|their)\s+(?:(?:research\s+)?team|colleagues|co-?authors|"
    r"co-?workers|fellow\s+researchers))?"
)
WHO = rf"(?P<who>{NAME_PATTERN}){PARTY}"
ROLE_APPOSITION = r"(?:,\s*(?P<role>[^,“”\"]{2,140}),)?"
AGE = r"(?:,\s*\d{1,3},)?"  # "Omar Haddad, 66, said"
# Speech by way of a channel, said as one verb: "Park took to Twitter to call the plan ...",
# "Park can be heard asking ...".
TOOK_TO = (
    r"(?:took|takes|take|taking)\s+to\s+(?:Twitter|Facebook|Instagram|social\s+media|X|"
    r"the\s+airwaves)(?:\s+on\s+[A-Z][a-z]+)?,?\s+(?:to\s+)?(?:say|call|slam|blast|"
    r"criticize|criticise|accuse|mock|praise|announce|declare|write|post|defend|urge|ask|"
    r"complain|respond|warn|brag|boast|insist|claim|deny|vent|writing|saying|calling|posting)"
)
_HEARD = (
    r"(?:(?:can|could)\s+be|(?:is|was|were|are)|(?:can|could)\s+also\s+be)\s+heard\s+"
    r"(?:saying|asking|telling|shouting|yelling|screaming|chanting|calling|replying|whispering)"
)
# ("Park laughed and said": a gesture first)
VERB_GROUP = (
    rf"(?:[a-z]+ed and\s+)?(?:(?:{ADVERBS}|[a-z]+ly)\s+){{0,2}}"
    rf"(?P<verb>{TOOK_TO}|{_HEARD}|{VERBS})\b"
)
TAIL_VERB_GROUP = (
    rf"(?:(?:{ADVERBS}|[a-z]+ly)\s+){{0,2}}"
    # ("“...,” Ian Hale has written.")
    r"(?P<verb>(?:has|have|had)\s+(?:said|written|argued|noted|told|stated|explained|warned|"
    r"claimed|insisted|maintained|observed|suggested|added|tweeted|posted|commented|"
    rf"acknowledged|admitted|declared)|{_HEARD}|{TAIL_VERBS})\b"
)
# Words set off by commas that are an aside, not a role or a clause: "Park, however, said".
ASIDES = (
    r"however|meanwhile|too|in turn|for example|for instance|in fact|of course|though|instead|"
    r"likewise|similarly|also|then|in response|for (?:his|her|their|its) part|in short|again|"
    r"still|at least|in particular|on the other hand|nonetheless|nevertheless|moreover|"
    r"furthermore|indeed"
)
# Present tenses after a plural subject ("Critics argue", "Officials describe")
PLURAL_VERBS = (
    "argue|describe|warn|claim|insist|contend|believe|fear|worry|want|call|note|expect|"
    "point out|complain|predict|suggest|acknowledge|admit|concede|agree|disagree|question|"
    "doubt|accuse|blame|praise|criticize|criticise|dismiss|urge|demand|vow|promise|pledge"
)
