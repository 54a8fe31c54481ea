"""What the templates found in conflict articles show, by name (normalised as
``citations.normalise_name`` does). Data only; ``render`` applies it."""

from __future__ import annotations

EN_DASH = "\u2013"
EM_DASH = "\u2014"
SPACED_EN_DASH = " \u2013 "

# Templates whose output is a fixed string.
FIXED = {
    "ndash": EN_DASH, "snd": SPACED_EN_DASH, "snds": SPACED_EN_DASH,
    "spaced ndash": SPACED_EN_DASH, "spaced en dash": SPACED_EN_DASH, "nsndns": EN_DASH,
    "en dash": EN_DASH, "mdash": EM_DASH, "em dash": EM_DASH, "spaced mdash": f" {EM_DASH} ",
    "nbsp": " ", "sp": " ", "space": " ", "·": " · ", "dot": " · ", "middot": "·",
    "bull": " • ", "•": " • ", "=": "=", "!": "|", "tilde": "~", "~": "~", "minus": "\u2212",
    "okina": "\u02bb", "'": "'", "''": "''", "thinsp": " ", "zwsp": "", "wbr": "",
    "shy": "", "-": "", "clear": "", "break": "\n", "br": "\n", "crlf": "\n",
}  # fmt: skip

# Flag templates that show a name: the name shown is ``name=`` or the first argument.
FLAG_WITH_NAME = {
    "flag", "flagcountry", "flag country", "flagu", "flagc", "flagg", "flagathlete",
    "flagicon and name", "flag and name", "flagbig",
}  # fmt: skip

# Flag templates that show only an image.
FLAG_ICON = {
    "flagicon", "flag icon", "flagdeco", "flag deco", "flagicon image", "flag icon image",
    "flagdeco image", "flagicon2", "flagcountry icon", "flagiconlink",
}  # fmt: skip

# Fate markers beside a commander's name: kept fate -> text shown.
FATES = {
    "kia": ("KIA", "†"), "killed in action": ("KIA", "†"), "died in action": ("KIA", "†"),
    "dow": ("DOW", "†"), "wia": ("WIA", "(WIA)"), "wounded in action": ("WIA", "(WIA)"),
    "pow": ("POW", "(POW)"), "prisoner of war": ("POW", "(POW)"), "mia": ("MIA", "(MIA)"),
    "executed": ("executed", "(executed)"), "surrendered": ("surrendered", "(surrendered)"),
    "captured": ("captured", "(captured)"),
}  # fmt: skip

# Templates that wrap text: the argument (1-based position) whose text they show.
SHOW_ARGUMENT = {
    "nowrap": 1, "nobr": 1, "small": 1, "smaller": 1, "big": 1, "larger": 1, "midsize": 1,
    "resize": -1, "font": 1, "font color": -1, "color": -1, "em": 1, "strong": 1, "bold": 1,
    "i": 1, "b": 1, "u": 1, "nowrap begin": 0, "nowrap end": 0, "lang": 2, "transl": -1,
    "abbr": 1, "tooltip": 1, "abbreviation": 1, "sic": -1, "nihongo": 1, "notatypo": 1,
    "proper name": 1, "not a typo": 1, "lang-rtl": 2, "script": 2, "center": 1,
    "align": 2, "vanchor": 1, "anchor": 0, "visible anchor": 1, "sup": 1, "sub": 1,
    "smallcaps": 1, "sc": 1, "small caps": 1, "highlight": 1, "mark": 1, "ill": 1,
    "interlanguage link": 1, "ill-wd": 1, "linktext": 1, "flatlist": 1, "plainlist": 1,
    "plain list": 1, "unbulleted list citebundle": 1, "smalldiv": 1, "nobold": 1,
    "noitalic": 1, "lang-x": 1,
}  # fmt: skip

# List templates whose positional arguments are the items.
LIST_OF_ARGUMENTS = {
    "ubl", "ubt", "ublist", "unbulleted list", "unbulleted", "bulleted list",
    "bulletedlist", "blist", "bullet list", "hlist", "collapsible list", "clist",
    "nowrap list", "plain list items", "endplainlist", "ordered list", "flowlist",
    "cslist", "ubil", "indented plainlist",
}  # fmt: skip

# Inline maintenance tags: shown as a bracketed note on the page, kept as a tag.
MAINTENANCE = {
    "cn": "citation needed", "citation needed": "citation needed", "fact": "citation needed",
    "cite needed": "citation needed", "cn-span": "citation needed",
    "citation needed span": "citation needed", "failed verification": "failed verification",
    "verify source": "verification needed", "verification needed": "verification needed",
    "dubious": "dubious", "clarify": "clarification needed", "when": "when?",
    "who": "who?", "which": "which?", "by whom": "by whom?", "according to whom":
    "according to whom?", "vague": "vague", "page needed": "page needed",
    "better source needed": "better source needed", "better source": "better source needed",
    "self-published inline": "self-published source", "dead link": "dead link",
    "full citation needed": "full citation needed", "original research inline":
    "original research?", "update inline": "needs update", "disputed inline": "disputed",
    "unreliable source?": "unreliable source?", "unreliable source": "unreliable source?",
    "circular reference": "circular reference", "specify": "specify", "year needed":
    "year needed", "additional citation needed": "additional citation needed",
    "irrelevant citation": "irrelevant citation", "pov statement": "neutrality disputed",
}  # fmt: skip

# Templates that show nothing a reader of the figures needs (navigation, layout, computed
# durations, coordinates): skipped without a note.
SILENT = {
    "age in years, months and days", "age in years, months, weeks and days",
    "age in years and days", "age in days", "age in years and months", "age", "duration",
    "years or months ago", "coord", "coord missing", "use mdy dates", "use dmy dates",
    "efn-list", "notelist", "reflist", "refbegin", "refend", "sfn whitelist", "pp-pc1",
    "pp-semi", "pp-move-indef", "pp", "ref label", "note label", "rp", "r page", "page",
    "clarify span", "campaignbox", "further", "main", "see also", "redirect", "about",
    "short description", "good article", "featured article", "portal", "commons category",
    "toc limit", "pp-protected", "engvarb", "use british english", "use american english",
    "citation style", "wikisource", "listen", "multiple image", "image frame",
    "location map", "location map+", "clear left", "clear right", "stack", "stack begin",
    "stack end", "infobox military conflict", "nowrap start", "nowrap end",
}  # fmt: skip

# Templates that make a footnote: their default group.
FOOTNOTE_GROUPS = {
    "refn": "", "efn": "lower-alpha", "efn-la": "lower-alpha", "efn-ua": "upper-alpha",
    "efn-lr": "lower-roman", "efn-ur": "upper-roman", "efn-lg": "lower-greek",
    "notetag": "note", "note tag": "note", "ref": "",
}  # fmt: skip

SHORT_FOOTNOTES = {"sfn", "sfnp", "sfnm", "harvnb-ref", "sfn-ref"}

REFERENCE_REUSE = {"r", "ref name", "refname"}

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

DATE_TEMPLATES = {"start date", "end date", "start date and age", "end date and age", "dts"}
