"""The grammar's own vocabulary, read from schema/narkomindel.rng: which elements exist, which attributes each
allows (and which values), which children each allows. Checking names against it before RELAX NG runs lets an
error name the offending element or attribute where it stands, and suggest the name that was probably meant;
lxml's RELAX NG messages in mixed content only say that the enclosing element "has extra content"."""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TEI_NS = "http://www.tei-c.org/ns/1.0"
RNG = f"{{{RNG_NS}}}"


@dataclass(frozen=True)
class ElementRule:
    """What the grammar allows on one element name, over all its definitions (p.numbered, p.plain …)."""

    attributes: Mapping[str, tuple[etree._Element, ...]]  # attribute name as lxml spells it -> its patterns
    required: frozenset[str]  # attributes required by every definition
    children: frozenset[str]
    text: bool


@dataclass(frozen=True)
class Fault:
    """A name or value the grammar does not allow: the element it is on, the attribute if it is one."""

    element: etree._Element
    attribute: str | None
    message: str


@dataclass
class Vocabulary:
    elements: Mapping[str, ElementRule]  # every definition of the name merged
    in_context: Mapping[tuple[str, str], ElementRule]  # (parent, name): the definitions allowed in that parent
    defines: Mapping[str, etree._Element]
    _checkers: dict[bytes, etree.RelaxNG] = field(default_factory=dict)
    _allowed: dict[tuple[int, str, str], bool] = field(default_factory=dict)

    def rule_for(self, name: str, parent: str | None) -> ElementRule:
        return self.in_context.get((parent or "", name)) or self.elements[name]

    def value_allowed(self, rule: ElementRule, attribute: str, value: str) -> bool:
        # The same few values recur on thousands of elements (cert="high", a type, a pointer): each is checked
        # against the grammar once.
        key = (id(rule), attribute, value)
        if key not in self._allowed:
            patterns = rule.attributes[attribute]
            self._allowed[key] = any(self._checker(pattern).validate(_probe(value)) for pattern in patterns)
        return self._allowed[key]

    def _checker(self, pattern: etree._Element) -> etree.RelaxNG:
        """A small grammar accepting <v a="…"/> when the value matches the attribute's pattern."""
        key = etree.tostring(pattern)
        if key not in self._checkers:
            grammar = etree.Element(RNG + "grammar", datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes")
            start = etree.SubElement(grammar, RNG + "start")
            probe = etree.SubElement(start, RNG + "element", name="v")
            attribute = etree.SubElement(probe, RNG + "attribute", name="a")
            for part in pattern:
                attribute.append(copy.deepcopy(part))
            for name in sorted(_refs(pattern, self.defines)):
                grammar.append(copy.deepcopy(self.defines[name]))
            self._checkers[key] = etree.RelaxNG(grammar)
        return self._checkers[key]

    def describe_value(self, rule: ElementRule, attribute: str) -> str:
        """What a value of the attribute must be, in words."""
        values: list[str] = []
        kinds: list[str] = []
        for pattern in rule.attributes[attribute]:
            for node in _reachable(pattern, self.defines):
                if node.tag == RNG + "value":
                    values.append(f"\"{(node.text or '').strip()}\"")
                elif node.tag == RNG + "data":
                    kinds.append(_described_data(node))
        described = sorted(set(values)) + sorted(set(kinds))
        return " or ".join(described) if described else "no value"  # an empty pattern allows none


DATATYPES = {
    "date": "an ISO date (YYYY-MM-DD)", "gYearMonth": "a year and month (YYYY-MM)", "gYear": "a year (YYYY)",
    "token": "a single word", "anyURI": "a pointer (URI)", "ID": "an id (a letter, then letters, digits, - . _)",
    "language": "a language code (e.g. en)", "double": "a number", "nonNegativeInteger": "a whole number",
    "positiveInteger": "a whole number from 1", "integer": "a whole number",
}


def _described_data(data: etree._Element) -> str:
    params = {param.get("name"): (param.text or "").strip() for param in data.iter(RNG + "param")}
    kind = data.get("type", "")
    if "pattern" in params:
        return f"a value of the form {params['pattern']}"
    if "minInclusive" in params and "maxInclusive" in params:
        return f"a number from {params['minInclusive']} to {params['maxInclusive']}"
    return DATATYPES.get(kind, f"a value of the type {kind}")


def load(grammar: etree._ElementTree) -> Vocabulary:
    root = grammar.getroot()
    defines = {d.get("name"): d for d in root.iter(RNG + "define")}
    definitions: dict[str, list[ElementRule]] = {}
    child_definitions: dict[str, list[etree._Element]] = {}
    rule_of: dict[etree._Element, ElementRule] = {}
    for definition in root.iter(RNG + "element"):
        name = definition.get("name")
        if name is None:
            continue
        rule, kids = _definition(definition, defines)
        rule_of[definition] = rule
        definitions.setdefault(name, []).append(rule)
        child_definitions.setdefault(name, []).extend(kids)
    in_context: dict[tuple[str, str], ElementRule] = {}
    for parent, kids in child_definitions.items():
        by_name: dict[str, list[ElementRule]] = {}
        for kid in kids:
            if kid in rule_of:
                by_name.setdefault(kid.get("name", ""), []).append(rule_of[kid])
        for name, rules in by_name.items():
            in_context[(parent, name)] = _merged(rules)
    return Vocabulary({name: _merged(rules) for name, rules in definitions.items()}, in_context, defines)


def _definition(definition: etree._Element, defines: Mapping[str, etree._Element]
                ) -> tuple[ElementRule, list[etree._Element]]:
    """The rule of one <element> pattern, and the <element> patterns of its children."""
    attributes: dict[str, list[etree._Element]] = {}
    required: set[str] = set()
    kids: list[etree._Element] = []
    text = False
    for kind, node, is_required in _content(definition, defines, True, frozenset()):
        if kind == "attribute":
            attribute = _clark(node.get("name", ""))
            if all(existing is not node for existing in attributes.get(attribute, [])):
                attributes.setdefault(attribute, []).append(node)
            if is_required:
                required.add(attribute)
        elif kind == "element":
            if all(existing is not node for existing in kids):
                kids.append(node)
        else:
            text = True
    rule = ElementRule({a: tuple(p) for a, p in attributes.items()}, frozenset(required),
                       frozenset(k.get("name", "") for k in kids), text)
    return rule, kids


def _merged(rules: list[ElementRule]) -> ElementRule:
    """What any of several definitions of one element allows; required only what all of them require."""
    attributes: dict[str, tuple[etree._Element, ...]] = {}
    for rule in rules:
        for name, patterns in rule.attributes.items():
            attributes[name] = attributes.get(name, ()) + tuple(
                p for p in patterns if all(p is not q for q in attributes.get(name, ())))
    return ElementRule(attributes, frozenset.intersection(*(r.required for r in rules)),
                       frozenset().union(*(r.children for r in rules)), any(r.text for r in rules))


def _content(node: etree._Element, defines: Mapping[str, etree._Element], required: bool,
             seen: frozenset[tuple[str, bool]]) -> Iterator[tuple[str, etree._Element, bool]]:
    """The attributes, child elements and text an element's pattern allows, without entering child elements."""
    for child in node:
        if not isinstance(child.tag, str) or not child.tag.startswith(RNG):
            continue
        tag = child.tag[len(RNG):]
        if tag == "element":
            yield "element", child, required
        elif tag == "attribute":
            yield "attribute", child, required
        elif tag == "text":
            yield "text", child, required
        elif tag == "ref":
            key = (child.get("name", ""), required)
            if key not in seen and key[0] in defines:
                yield from _content(defines[key[0]], defines, required, seen | {key})
        elif tag == "mixed":
            yield "text", child, required
            yield from _content(child, defines, required, seen)
        elif tag in ("optional", "zeroOrMore", "choice"):
            yield from _content(child, defines, False, seen)
        elif tag in ("oneOrMore", "group", "interleave"):
            yield from _content(child, defines, required, seen)


def _reachable(node: etree._Element, defines: Mapping[str, etree._Element],
               seen: frozenset[str] = frozenset()) -> Iterator[etree._Element]:
    for child in node.iter():
        if child.tag == RNG + "ref" and child.get("name") in defines and child.get("name") not in seen:
            yield from _reachable(defines[child.get("name")], defines, seen | {child.get("name")})
        else:
            yield child


def _refs(node: etree._Element, defines: Mapping[str, etree._Element]) -> set[str]:
    found: set[str] = set()
    pending = [node]
    while pending:
        for ref in pending.pop().iter(RNG + "ref"):
            name = ref.get("name")
            if name in defines and name not in found:
                found.add(name)
                pending.append(defines[name])
    return found


def _clark(name: str) -> str:
    prefix, _, local = name.rpartition(":")
    return f"{{{XML_NS}}}{local}" if prefix == "xml" else name


def _spelt(name: str) -> str:
    return name.replace(f"{{{XML_NS}}}", "xml:")


def _probe(value: str) -> etree._ElementTree:
    probe = etree.Element("v")
    probe.set("a", value)
    return etree.ElementTree(probe)


def _closest(name: str, candidates: frozenset[str] | set[str]) -> str | None:
    lowered = {c.lower(): c for c in candidates}
    if name.lower() in lowered:
        return lowered[name.lower()]
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def _listing(names: frozenset[str] | set[str], text: bool = False) -> str:
    parts = (["text"] if text else []) + [f"<{n}>" for n in sorted(names)]
    if len(parts) < 2:
        return parts[0] if parts else "nothing"
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def check(vocabulary: Vocabulary, root: etree._Element) -> list[Fault]:
    """Every element and attribute name the grammar does not know or does not allow where it stands, and every
    attribute value it does not allow. Below an unknown element nothing is checked: the grammar cannot say what
    belongs there."""
    faults: list[Fault] = []
    walker = root.iter()
    for element in walker:
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        name = qname.localname
        parent = element.getparent()
        parent_name = _local(parent)
        parent_rule = (vocabulary.rule_for(parent_name, _local(parent.getparent()))
                       if parent is not None and parent_name in vocabulary.elements else None)
        if qname.namespace != TEI_NS or name not in vocabulary.elements:
            faults.append(Fault(element, None, _unknown_element(qname, parent_name, parent_rule, vocabulary)))
            _skip_subtree(walker, element)
            continue
        if parent_rule is not None and name not in parent_rule.children:
            faults.append(Fault(element, None, f"<{name}> is not allowed inside <{parent_name}>; there the grammar "
                                               f"expects {_listing(parent_rule.children, parent_rule.text)}: move "
                                               "it where it belongs"))
        faults += _attribute_faults(vocabulary, element, name, vocabulary.rule_for(name, parent_name))
    return faults


def _local(element: etree._Element | None) -> str | None:
    return etree.QName(element).localname if element is not None else None


def _unknown_element(qname: etree.QName, parent: str | None, parent_rule: ElementRule | None,
                     vocabulary: Vocabulary) -> str:
    if qname.namespace != TEI_NS:
        where = f"in the namespace {qname.namespace}" if qname.namespace else "in no namespace"
        return (f"<{qname.localname}> is {where}, but every element of the edition is in the TEI namespace "
                f"{TEI_NS}: declare xmlns=\"{TEI_NS}\" or correct the prefix")
    allowed_here = parent_rule.children if parent_rule is not None else frozenset()
    guess = _closest(qname.localname, allowed_here) or _closest(qname.localname, set(vocabulary.elements))
    message = f"<{qname.localname}> is not an element of the edition's grammar"
    if guess:
        message += f": did you mean <{guess}>?"
    if parent_rule is not None:
        message += f" Inside <{parent}> the grammar expects {_listing(parent_rule.children, parent_rule.text)}"
    return message


def _attribute_faults(vocabulary: Vocabulary, element: etree._Element, name: str,
                      rule: ElementRule) -> list[Fault]:
    faults = []
    suggested = set()
    for attribute, value in element.attrib.items():
        if attribute not in rule.attributes:
            guess = _closest(_spelt(attribute), {_spelt(a) for a in rule.attributes})
            hint = f"did you mean {guess}? " if guess else ""
            suggested.add(_clark(guess or ""))
            allowed = ", ".join(sorted(_spelt(a) for a in rule.attributes)) or "none"
            faults.append(Fault(element, attribute,
                                f"attribute {_spelt(attribute)} is not allowed on <{name}>: {hint}<{name}> allows "
                                f"these attributes: {allowed}"))
        elif not vocabulary.value_allowed(rule, attribute, value):
            faults.append(Fault(element, attribute,
                                f"{_spelt(attribute)}=\"{value}\" on <{name}> is not a value the grammar allows: "
                                f"write {vocabulary.describe_value(rule, attribute)}"))
    for attribute in sorted(rule.required - set(element.attrib) - suggested):
        faults.append(Fault(element, None, f"<{name}> lacks its required attribute {_spelt(attribute)}: add it "
                                           "(see the encoding rules in README.md)"))
    return faults


def _skip_subtree(walker: Iterator[etree._Element], element: etree._Element) -> None:
    """Advance the document-order walker past the element's descendants."""
    last = element
    while len(last):
        last = last[-1]
    if last is element:
        return
    for node in walker:
        if node is last:
            return
