"""Where a field of a scheme file is: its line in the TOML text, and its place in words.

`tomllib` keeps no positions, so `key_lines(text)` scans the text for table headers (`[a.b]`,
`[[a]]`), keys (`a = …`, dotted keys too) and the items of inline tables and arrays, and gives
the line of each path; `line_of(text, champ)` is the line of a checker's dotted field
(`conditions[1].egal`), or of the nearest enclosing part the file writes (a missing key: its
table). `in_words(champ)` says the place as a reader would: « 2e condition, egal ».
"""

import bisect
import re

SEGMENT = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
SCALAR_END = re.compile(r"[,\]}\n#]")


def segments(champ: str) -> tuple:
    """`conditions[1].egal` -> ("conditions", 1, "egal")."""
    return tuple(int(i) if i else k for i, k in SEGMENT.findall(champ))


class _Scanner:
    """One pass over a TOML text that records the line of every path it meets."""

    def __init__(self, text: str):
        self.t = text
        self.i = 0
        self.newlines = [n for n, c in enumerate(text) if c == "\n"]
        self.lines = {}
        self.arrays = {}  # path of an array of tables -> how many elements so far

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def record(self, path: tuple, pos: int):
        for n in range(1, len(path) + 1):
            self.lines.setdefault(path[:n], self.line(pos))

    def peek(self, s: str) -> bool:
        return self.t.startswith(s, self.i)

    def skip_blank(self, newlines: bool):
        while self.i < len(self.t):
            c = self.t[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                end = self.t.find("\n", self.i)
                self.i = len(self.t) if end < 0 else end
            else:
                return

    def skip_string(self):
        for quote in ('"""', "'''", '"', "'"):
            if self.peek(quote):
                self.i += len(quote)
                while self.i < len(self.t) and not self.peek(quote):
                    self.i += 2 if quote[0] == '"' and self.t[self.i] == "\\" else 1
                self.i += len(quote)
                return

    def key(self) -> list:
        parts = []
        while True:
            self.skip_blank(False)
            if self.peek('"') or self.peek("'"):
                start = self.i
                self.skip_string()
                parts.append(self.t[start + 1 : self.i - 1])
            else:
                m = BARE_KEY.match(self.t, self.i)
                if not m:
                    return parts
                parts.append(m.group(0))
                self.i = m.end()
            self.skip_blank(False)
            if not self.peek("."):
                return parts
            self.i += 1

    def value(self, path: tuple):
        if self.peek("[") or self.peek("{"):
            closing, inline_table = ("]", False) if self.peek("[") else ("}", True)
            self.i += 1
            n = 0
            while self.i < len(self.t):
                self.skip_blank(True)
                if self.peek(closing):
                    self.i += 1
                    return
                start = self.i
                if inline_table:
                    here = path + tuple(self.key())
                    self.record(here, start)
                    self.skip_blank(False)
                    self.i += self.peek("=")
                    self.skip_blank(False)
                    self.value(here)
                else:
                    self.record(path + (n,), start)
                    self.value(path + (n,))
                    n += 1
                self.skip_blank(True)
                if self.peek(","):
                    self.i += 1
                elif not self.peek(closing):
                    self.i = len(self.t)  # not TOML: stop here
        elif self.peek('"') or self.peek("'"):
            self.skip_string()
        else:
            m = SCALAR_END.search(self.t, self.i)
            self.i = m.start() if m else len(self.t)

    def header(self, start: int) -> tuple:
        array = self.peek("[[")
        self.i += 2 if array else 1
        keys = self.key()
        path = ()
        for k in keys[:-1]:
            path += (k,)
            if path in self.arrays:
                path += (self.arrays[path] - 1,)
        path += tuple(keys[-1:])
        if array:
            n = self.arrays.get(path, 0)
            self.arrays[path] = n + 1
            path += (n,)
        self.record(path, start)
        return path

    def scan(self) -> dict:
        table = ()
        while True:
            self.skip_blank(True)
            if self.i >= len(self.t):
                return self.lines
            start = self.i
            if self.peek("["):
                table = self.header(start)
            else:
                keys = self.key()
                if keys:
                    self.record(table + tuple(keys), start)
                    self.skip_blank(False)
                    if self.peek("="):
                        self.i += 1
                        self.skip_blank(False)
                        self.value(table + tuple(keys))
            end = self.t.find("\n", self.i)  # the rest of the line is a comment
            self.i = len(self.t) if end < 0 else end + 1


def key_lines(text: str) -> dict:
    """Path (a tuple of keys and indices) -> line number (from 1) of everything `text` writes."""
    return _Scanner(text).scan()


def line_of(lines: dict, champ: str) -> int | None:
    """The line of `champ` (a checker's dotted field) in a file whose `key_lines` are `lines`,
    else of its nearest enclosing part written in the file; None if none is."""
    path = segments(champ)
    for n in range(len(path), 0, -1):
        if path[:n] in lines:
            return lines[path[:n]]
    return None


# A list's items in words: list key -> (name of one item, feminine).
ITEMS = {
    "conditions": ("condition", True),
    "si": ("condition", True),
    "tous": ("sous-condition", True),
    "un_parmi": ("sous-condition", True),
    "cumuls": ("règle de cumul", True),
    "ambiguites": ("ambiguïté", True),
    "exemples": ("exemple", False),
    "non_confirme": ("point non confirmé", False),
    "informations": ("information", True),
    "valeurs": ("valeur", True),
    "tranches": ("tranche", True),
    "beneficiaires": ("bénéficiaire", False),
    "regions": ("région", True),
    "departements": ("département", False),
    "engagements": ("engagement", False),
    "pieces": ("pièce", True),
    "echeances": ("échéance", True),
    "remplace_par": ("dispositif remplaçant", False),
    "voir_aussi": ("dispositif à voir aussi", False),
    "termes": ("terme", False),
    "cas": ("cas", False),
    "cles": ("clé", True),
    "champs": ("champ", False),
}
# Tables of named items: key -> (name of one item, "of it").
NAMED = {"parametres": ("paramètre", "du"), "variables": ("variable", "de la"), "sources": ("source", "de la")}
# Tables written once at the top of a file (and an example's profile): key -> (name, "of it").
TABLES = {
    "montant": ("montant", "du"),
    "validite": ("validité", "de la"),
    "duree": ("durée", "de la"),
    "demarches": ("démarches", "des"),
}


def ordinal(n: int, feminine: bool) -> str:
    """1 -> `1re` / `1er`, 2 -> `2e`."""
    return f"{n}{'re' if feminine else 'er'}" if n == 1 else f"{n}e"


def in_words(champ: str) -> str:
    """`parametres.grille.valeurs[0].source` -> « 1re valeur du paramètre grille, source »."""
    path = segments(champ)
    parts = []  # (words, "of it" words), outermost first
    trailing = []
    i = 0
    while i < len(path):
        seg = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        if isinstance(seg, str) and isinstance(nxt, int):
            name, feminine = ITEMS.get(seg, (f"élément de « {seg} »", False))
            words = f"{ordinal(nxt + 1, feminine)} {name}"
            parts.append((words, f"{'de la' if feminine else 'du'} {words}"))
            i += 2
        elif seg in NAMED and isinstance(nxt, str):
            name, of = NAMED[seg]
            parts.append((f"{name} {nxt}", f"{of} {name} {nxt}"))
            i += 2
        elif (i == 0 and seg in TABLES) or (seg == "profil" and parts):
            name, of = TABLES.get(seg, ("profil", "du"))
            parts.append((name, f"{of} {name}"))
            i += 1
        else:
            trailing.append(str(seg))
            i += 1
            if any(isinstance(s, int) or s in NAMED or s == "profil" for s in path[i:]):
                parts += [(f"« {k} »", f"de « {k} »") for k in trailing]
                trailing = []
    if not parts:
        return ".".join(trailing)
    words = " ".join([parts[-1][0], *(of for _, of in reversed(parts[:-1]))])
    return f"{words}, {'.'.join(trailing)}" if trailing else words
