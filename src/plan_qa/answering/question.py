"""The question, read once at the door and passed down.

`QuestionReader.read` builds one `Question`: the original text, its NFC form, the folded
form, the form the embedding model reads (diacritics restored when typed without), its
folded words, the retrieval query with abbreviations expanded, every intent with a
confidence, the agencies named (old 2025 names read as the bodies that replaced them)
and the provinces named (merged-away provinces read as the province that absorbed them).
Later stages read these fields; none folds, restores or classifies the question again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from plan_qa.agencies import find_agencies, find_folded_agencies, normalize_agency
from plan_qa.answering.initialisms import Initialisms
from plan_qa.answering.intents import Intent, IntentClassifier, phrasings
from plan_qa.text.abbreviations import expand_terms, spelled_out
from plan_qa.text.places import ProvinceMention, province_mentions
from plan_qa.text.renames import Rename, renames
from plan_qa.text.restore import DiacriticRestorer, needs_restoring
from plan_qa.text.vietnamese import fold_diacritics, has_diacritics, nfc


NOTE = "Lưu ý:"  # opens a line of the product's own knowledge (a 2025 rename or merger), not of a plan


@dataclass
class Question:
    """Everything later stages need to know about one question, computed once."""

    original: str
    text: str  # NFC, trimmed
    folded: str  # lower case, no diacritics
    restored: str  # what the embedding model reads
    tokens: tuple[str, ...]  # folded words
    expanded: str  # NFC, term and agency abbreviations expanded: the retrieval query
    folded_expanded: str  # the retrieval query, lower case, no diacritics
    intents: list[Intent] = field(default_factory=list)  # every intent the question carries, the main one first
    ranking: list[Intent] = field(default_factory=list)  # every intent on the whole question, most probable first
    agencies: list[str] = field(default_factory=list)  # canonical names, renamed bodies replaced
    renamed: list[Rename] = field(default_factory=list)  # old names the question used
    provinces: list[ProvinceMention] = field(default_factory=list)

    @property
    def intent(self) -> str:
        """The most probable intent."""
        return self.intents[0].name if self.intents else "open"

    @property
    def intent_names(self) -> list[str]:
        return [intent.name for intent in self.intents]

    def notes(self) -> list[str]:
        """Lines telling the user how an old name in the question was read ("Lưu ý: …", never a plan's claim)."""
        lines = [rename.sentence() for rename in self.renamed]
        lines += [f"{m.merged_from} nay thuộc {m.province} (sắp xếp đơn vị hành chính năm 2025)."
                  for m in self.provinces if m.merged_from]
        return [f"{NOTE} {line}" for line in lines]


_HEADS = frozenset({"sở", "ban", "bộ", "cục", "ubnd", "ủy", "uỷ", "trung", "công"})


def lowercase_agencies(text: str, longest: int = 8) -> list[str]:
    """Agencies in a lower-case text ("sở xây dựng có nhiệm vụ gì"), longest name first at each head word."""
    words = text.split()
    found: list[str] = []
    for start, word in enumerate(words):
        if word not in _HEADS:
            continue
        for end in range(min(len(words), start + longest), start + 1, -1):
            name = normalize_agency(" ".join(words[start:end]).strip(" ?.,;"))
            if name:
                if name not in found:
                    found.append(name)
                break
    return found


def with_names(text: str, agencies: list[str]) -> str:
    """The text followed by the full names of the agencies it does not spell out."""
    written = fold_diacritics(text).lower()  # "So Cong Thuong" spells "Sở Công Thương" out: adding it again
    missing = [name for name in agencies if fold_diacritics(name).lower() not in written]  # doubles its weight
    return f"{text} ({'; '.join(missing)})" if missing else text


def with_case(written: str, restored: str) -> str:
    """The restored words with the capitals the user typed: the restorer reads lower case, and a name typed
    capitalised ("So Cong Thuong … Bo Cong Thuong", "BCHQS") must stay a name for what reads capitals (body
    names, the evidence) — lower-cased, "sở công thương tỉnh gia lai" was answered differently."""
    typed = iter(re.findall(r"\w+", written))
    if len(re.findall(r"\w+", written)) != len(re.findall(r"\w+", restored)):
        return restored

    def cased(match: re.Match[str]) -> str:
        word, original = match.group(0), next(typed)
        if len(original) > 1 and original.isupper():
            return word.upper()
        return word[:1].upper() + word[1:] if original[:1].isupper() else word

    return re.sub(r"\w+", cased, restored)


def question_restorer(plan_texts: Iterable[str]) -> DiacriticRestorer:
    """A restorer learnt from the plans' words and from the words questions are asked in ("sở nào",
    "lấy từ đâu", "gửi lên tỉnh", the intent example bank), which plans seldom use: learnt from the
    plans alone, "so nao" was read "số nao" and "len tinh" "len tình"."""
    plans = list(plan_texts)
    plain = {w for text in plans for w in re.findall(r"\w+", text.lower()) if not has_diacritics(w)}
    # a phrasing typed without diacritics ("ai chu tri …") would teach that "chu" stands as it is
    asked = [text for text in phrasings()[0]
             if all(has_diacritics(w) or w in plain for w in re.findall(r"\w+", text.lower()))]
    return DiacriticRestorer.from_texts([*plans, *asked])


class QuestionReader:
    """Reads questions against one corpus: its vocabulary (for restoring) and its agencies."""

    def __init__(self, restorer: DiacriticRestorer, classifier: IntentClassifier, known_agencies: set[str],
                 acting_agencies: set[str] | None = None) -> None:
        self.restorer = restorer
        self.classifier = classifier
        self.known_agencies = known_agencies  # every body the plans name
        self.acting_agencies = known_agencies if acting_agencies is None else acting_agencies  # those given work
        self.initialisms = Initialisms(known_agencies)  # "SKHCN", "CA tỉnh", "LĐLĐ" for any body the plans name

    def restore(self, text: str) -> str:
        """The text as the embedding model should read it."""
        return with_case(text, self.restorer.restore(text)) if needs_restoring(text) else text

    def read(self, original: str) -> Question:
        """One `Question` from the user's text."""
        text = nfc(original or "").strip()
        spelled = expand_terms(text)
        restored = self.restore(spelled)
        folded = fold_diacritics(text).lower()
        written = spelled_out(text)  # "BCHQS tỉnh" → "Bộ Chỉ huy Quân sự tỉnh": the body's name whole
        named = find_agencies(written if restored == spelled else f"{written} {restored}")
        named += [name for name in lowercase_agencies(restored.lower()) if name not in named]
        if not has_diacritics(text):  # "so y te …": the restorer may not know a body no plan names
            named += [name for name in find_folded_agencies(folded) if name not in named]
        named += [name for name in self.initialisms.find(text) if name not in named]
        agencies, renamed = self._current_names(named)
        # Both retrievers read the bodies by the names the plans use: an abbreviation or an
        # old name ("Sở TT&TT") is followed by today's full name ("Sở Khoa học và Công nghệ").
        expanded, restored = (with_names(spelled, agencies), with_names(restored, agencies))
        if not has_diacritics(text):
            # the lexical index reads a query without diacritics folded; names appended with diacritics made
            # it an accented query, scored on exact words, where the question's own words never match
            expanded = fold_diacritics(expanded)
        intents, ranking = self.classifier.asked(folded)
        return Question(original, text, folded, restored, tuple(re.findall(r"\w+", folded)), expanded,
                        fold_diacritics(expanded).lower(), intents, ranking, agencies, renamed, province_mentions(folded))

    def _current_names(self, named: list[str]) -> tuple[list[str], list[Rename]]:
        """Agencies as the corpus knows them: an old name becomes its successor when the plans never use
        it, or only mention it ("Sở TT&TT (nay là Sở KH&CN)") while giving the work to the successor."""
        agencies: list[str] = []
        used: list[Rename] = []
        for name in named:
            rename = renames().get(name)
            if rename and rename.new in self.known_agencies and (name not in self.known_agencies or (
                    name not in self.acting_agencies and rename.new in self.acting_agencies)):
                used.append(rename)
                name = rename.new
            if name not in agencies:
                agencies.append(name)
        return agencies, used
