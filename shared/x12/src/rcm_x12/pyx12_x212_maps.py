"""pyx12 maps for the claim status pair (005010X212), which pyx12 4.0 does not register.

pyx12 ships a 277 X212 map without a maps.xml entry (and with the GS01/GS08 codes of another guide) and no
5010 276 map at all. We derive both, once per process, into a folder next to pyx12's own maps: the 276 from
pyx12's 4010 276 map (X093A1) with the 5010 changes of X212 (ST03, BHT03 required, REF*EJ and REF*D9 instead of
REF*EA and REF*LU, DTP*472 instead of DTP*232, payer ids PI/XV), the 277 with its envelope codes corrected.
Imported only by pyx12_validation (pyx12 is a development dependency).
"""

from __future__ import annotations

import copy
import tempfile
import xml.etree.ElementTree as ElementTree
from functools import cache
from importlib.resources import files
from pathlib import Path

X212 = "005010X212"
MAP_276, MAP_277 = "276.5010.X212.xml", "277.5010.X212.xml"


def _elements(root: ElementTree.Element, xid: str) -> list[ElementTree.Element]:
    return root.findall(f".//element[@xid='{xid}']")


def _set_codes(element: ElementTree.Element, codes: list[str]) -> None:
    valid = element.find("valid_codes")
    if valid is None:
        valid = ElementTree.SubElement(element, "valid_codes")
    for old in list(valid):
        valid.remove(old)
    for code in codes:
        ElementTree.SubElement(valid, "code").text = code


def _segments_with_code(
    root: ElementTree.Element, segment: str, element: str, code: str
) -> list[ElementTree.Element]:
    return [
        seg
        for seg in root.iter("segment")
        if seg.get("xid") == segment
        and any(c.text == code for e in seg.findall(f"element[@xid='{element}']") for c in e.iter("code"))
    ]


def _envelope_for_x212(root: ElementTree.Element, functional_id: str) -> None:
    for isa11 in _elements(root, "ISA11"):
        _set_codes(isa11, [])  # 5010: the repetition separator, not "U"
    for isa12 in _elements(root, "ISA12"):
        _set_codes(isa12, ["00501"])
    for gs01 in _elements(root, "GS01"):
        _set_codes(gs01, [functional_id])
    for gs08 in _elements(root, "GS08"):
        _set_codes(gs08, [X212])


def derive_276(map_4010: ElementTree.Element, map_277: ElementTree.Element) -> ElementTree.Element:
    root = copy.deepcopy(map_4010)
    name = root.find("name")
    if name is not None:
        name.text = "HIPAA Health Care Claim Status Request 005010X212 (derived by rcm_x12 from X093A1)"
    _envelope_for_x212(root, "HR")
    st = root.find(".//segment[@xid='ST']")
    st03 = map_277.find(".//segment[@xid='ST']/element[@xid='ST03']")
    if st is None or st03 is None:
        raise LookupError("pyx12's maps changed: no ST/ST03 to derive the 276 X212 map from")
    st.append(copy.deepcopy(st03))
    for required in (*_elements(root, "BHT03"), *_elements(root, "BHT05")):
        usage = required.find("usage")
        if usage is not None:
            usage.text = "R"
    for nm1 in _segments_with_code(root, "NM1", "NM101", "PR"):
        for nm108 in nm1.findall("element[@xid='NM108']"):
            _set_codes(nm108, ["PI", "XV"])
    for old, new, label in (
        ("EA", "EJ", "Patient Control Number"),
        ("LU", "D9", "Clearinghouse Trace Number"),
    ):
        for ref in _segments_with_code(root, "REF", "REF01", old):
            ref_name = ref.find("name")
            if ref_name is not None:
                ref_name.text = label
            for ref01 in ref.findall("element[@xid='REF01']"):
                _set_codes(ref01, [new])
    for dtp in _segments_with_code(root, "DTP", "DTP01", "232"):
        for dtp01 in dtp.findall("element[@xid='DTP01']"):
            _set_codes(dtp01, ["472"])
    for dtp in root.iter("segment"):
        if dtp.get("xid") == "DTP":
            for dtp02 in dtp.findall("element[@xid='DTP02']"):
                _set_codes(dtp02, ["D8", "RD8"])
    return root


def _parents(root: ElementTree.Element) -> dict[ElementTree.Element, ElementTree.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _loop(root: ElementTree.Element, xid: str) -> ElementTree.Element:
    found = root.find(f".//loop[@xid='{xid}']")
    if found is None:
        raise LookupError(f"pyx12's 277 X212 map changed: no loop {xid}")
    return found


def repair_277(map_277: ElementTree.Element) -> ElementTree.Element:
    """Nest 2000C under 2000B, 2000D under 2000C and 2000E under 2000D, as the HL hierarchy has them.

    pyx12's file keeps them in sibling "Table2 - Area" wrappers after the detail loop, and the transaction
    trailer SE inside another one, with positions that put the detail before the header: pyx12 cannot walk
    any real 277 with it.
    """
    root = copy.deepcopy(map_277)
    _envelope_for_x212(root, "HN")
    parents = _parents(root)
    se = root.find(".//segment[@xid='SE']")
    st_loop = _loop(root, "ST_LOOP")
    if se is None:
        raise LookupError("pyx12's 277 X212 map changed: no SE")
    parents[se].remove(se)
    nest = (("2000B", "2000C"), ("2000C", "2000D"), ("2000D", "2000E"))
    for parent_xid, child_xid in nest:
        child = _loop(root, child_xid)
        _parents(root)[child].remove(child)
        _loop(root, parent_xid).append(child)
    for wrapper_xid in ("TABLE2AREA4", "TABLE2AREA5", "TABLE2AREA6", "TABLE2AREA3"):
        emptied = root.find(f".//loop[@xid='{wrapper_xid}']")
        if emptied is not None:
            _parents(root)[emptied].remove(emptied)
    st_loop.append(se)
    # pyx12 walks a parent's children in <pos> order: the file's positions put the detail before the header.
    positions = {
        "HEADER": "0100",
        "DETAIL": "0200",
        **dict.fromkeys(("2000B", "2000C", "2000D", "2000E"), "2000"),
    }
    for xid, position in positions.items():
        _set_position(_loop(root, xid), position)
    _set_position(se, "5550")
    st = root.find(".//segment[@xid='ST']")
    if st is not None:
        _set_position(st, "0050")
    return root


def _set_position(node: ElementTree.Element, position: str) -> None:
    pos = node.find("pos")
    if pos is None:
        raise LookupError(f"pyx12's 277 X212 map changed: {node.get('xid')} has no position")
    pos.text = position


def _register(maps_xml: str) -> str:
    entries = (
        f'    <map vriic="{X212}" fic="HR" abbr="276">{MAP_276}</map>\n'
        f'    <map vriic="{X212}" fic="HN" abbr="277">{MAP_277}</map>\n'
    )
    version = maps_xml.find('<version icvn="00501"')
    if version < 0:
        raise LookupError("pyx12's maps.xml has no 00501 version to register the X212 maps under")
    anchor = maps_xml.index(">", version) + 1
    return maps_xml[:anchor] + "\n" + entries + maps_xml[anchor:]


@cache
def x212_map_folder() -> str:
    """A folder holding pyx12's maps plus the two X212 maps, registered in its maps.xml."""
    source = Path(str(files("pyx12").joinpath("map")))
    folder = Path(tempfile.mkdtemp(prefix="rcm-pyx12-maps-"))
    for item in source.iterdir():
        if item.name not in ("maps.xml", MAP_277):
            (folder / item.name).symlink_to(item)
    map_277 = ElementTree.parse(source / MAP_277).getroot()
    map_4010 = ElementTree.parse(source / "276.4010.X093.A1.xml").getroot()
    map_276 = derive_276(map_4010, map_277)
    ElementTree.ElementTree(map_276).write(folder / MAP_276, encoding="utf-8", xml_declaration=True)
    ElementTree.ElementTree(repair_277(map_277)).write(
        folder / MAP_277, encoding="utf-8", xml_declaration=True
    )
    (folder / "maps.xml").write_text(
        _register((source / "maps.xml").read_text(encoding="utf-8")), encoding="utf-8"
    )
    return str(folder)
